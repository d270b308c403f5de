package io.proactiveinsights.sample;

import java.util.List;

/**
 * One message of the sample catalogue: what the {@code messages} table says about it, and how the
 * generator makes people behave towards it. Times are whole days before the as-of time D (the end
 * of the sample's last day). SQL snippets are evaluated over the users table.
 */
public record SampleMessage(
    String id,
    String name,
    String type,
    String state,
    String style,
    Boolean dismissible,
    String frequency,
    String rule,
    String audienceSql,
    String body,
    String cta,
    int createdDaysAgo,
    int updatedDaysAgo,
    Integer liveDaysAgo,
    Integer pausedDaysAgo,
    List<String> topics,
    String knownIssueId,
    String goalEvent,
    Double holdoutShare,
    double reach,
    double view,
    String clickSql,
    double dismiss,
    double reply,
    double complete) {

  static SampleMessage of(String id, String name, String type, String rule, String audienceSql) {
    return new SampleMessage(
        id,
        name,
        type,
        "live",
        null,
        null,
        "once",
        rule,
        audienceSql,
        "",
        null,
        30,
        10,
        25,
        null,
        List.of(),
        null,
        null,
        null,
        0.5,
        0.8,
        "0",
        0,
        0,
        0);
  }

  SampleMessage banner(String bannerStyle, boolean canDismiss) {
    return new SampleMessage(
        id,
        name,
        type,
        state,
        bannerStyle,
        canDismiss,
        frequency,
        rule,
        audienceSql,
        body,
        cta,
        createdDaysAgo,
        updatedDaysAgo,
        liveDaysAgo,
        pausedDaysAgo,
        topics,
        knownIssueId,
        goalEvent,
        holdoutShare,
        reach,
        view,
        clickSql,
        dismiss,
        reply,
        complete);
  }

  SampleMessage dismissible(boolean canDismiss) {
    return banner(style, canDismiss);
  }

  SampleMessage state(String newState, Integer newPausedDaysAgo) {
    return new SampleMessage(
        id,
        name,
        type,
        newState,
        style,
        dismissible,
        frequency,
        rule,
        audienceSql,
        body,
        cta,
        createdDaysAgo,
        updatedDaysAgo,
        liveDaysAgo,
        newPausedDaysAgo,
        topics,
        knownIssueId,
        goalEvent,
        holdoutShare,
        reach,
        view,
        clickSql,
        dismiss,
        reply,
        complete);
  }

  SampleMessage rule(String newRule, String newAudienceSql) {
    return new SampleMessage(
        id,
        name,
        type,
        state,
        style,
        dismissible,
        frequency,
        newRule,
        newAudienceSql,
        body,
        cta,
        createdDaysAgo,
        updatedDaysAgo,
        liveDaysAgo,
        pausedDaysAgo,
        topics,
        knownIssueId,
        goalEvent,
        holdoutShare,
        reach,
        view,
        clickSql,
        dismiss,
        reply,
        complete);
  }

  SampleMessage frequency(String newFrequency) {
    return new SampleMessage(
        id,
        name,
        type,
        state,
        style,
        dismissible,
        newFrequency,
        rule,
        audienceSql,
        body,
        cta,
        createdDaysAgo,
        updatedDaysAgo,
        liveDaysAgo,
        pausedDaysAgo,
        topics,
        knownIssueId,
        goalEvent,
        holdoutShare,
        reach,
        view,
        clickSql,
        dismiss,
        reply,
        complete);
  }

  SampleMessage copy(String newBody, String newCta) {
    return new SampleMessage(
        id,
        name,
        type,
        state,
        style,
        dismissible,
        frequency,
        rule,
        audienceSql,
        newBody,
        newCta,
        createdDaysAgo,
        updatedDaysAgo,
        liveDaysAgo,
        pausedDaysAgo,
        topics,
        knownIssueId,
        goalEvent,
        holdoutShare,
        reach,
        view,
        clickSql,
        dismiss,
        reply,
        complete);
  }

  SampleMessage days(int created, int updated, Integer live) {
    return new SampleMessage(
        id,
        name,
        type,
        state,
        style,
        dismissible,
        frequency,
        rule,
        audienceSql,
        body,
        cta,
        created,
        updated,
        live,
        pausedDaysAgo,
        topics,
        knownIssueId,
        goalEvent,
        holdoutShare,
        reach,
        view,
        clickSql,
        dismiss,
        reply,
        complete);
  }

  SampleMessage about(List<String> newTopics, String newKnownIssueId, String newGoalEvent) {
    return new SampleMessage(
        id,
        name,
        type,
        state,
        style,
        dismissible,
        frequency,
        rule,
        audienceSql,
        body,
        cta,
        createdDaysAgo,
        updatedDaysAgo,
        liveDaysAgo,
        pausedDaysAgo,
        newTopics,
        newKnownIssueId,
        newGoalEvent,
        holdoutShare,
        reach,
        view,
        clickSql,
        dismiss,
        reply,
        complete);
  }

  /** The share of the audience held out as a control group (the messages table's holdout_share). */
  SampleMessage holdout(double share) {
    return new SampleMessage(
        id,
        name,
        type,
        state,
        style,
        dismissible,
        frequency,
        rule,
        audienceSql,
        body,
        cta,
        createdDaysAgo,
        updatedDaysAgo,
        liveDaysAgo,
        pausedDaysAgo,
        topics,
        knownIssueId,
        goalEvent,
        share,
        reach,
        view,
        clickSql,
        dismiss,
        reply,
        complete);
  }

  /**
   * Share of the audience that receives it, then per-viewer probabilities (click as SQL, so it can
   * depend on the user).
   */
  SampleMessage behaviour(
      double newReach,
      double newView,
      String newClickSql,
      double newDismiss,
      double newReply,
      double newComplete) {
    return new SampleMessage(
        id,
        name,
        type,
        state,
        style,
        dismissible,
        frequency,
        rule,
        audienceSql,
        body,
        cta,
        createdDaysAgo,
        updatedDaysAgo,
        liveDaysAgo,
        pausedDaysAgo,
        topics,
        knownIssueId,
        goalEvent,
        holdoutShare,
        newReach,
        newView,
        newClickSql,
        newDismiss,
        newReply,
        newComplete);
  }
}
