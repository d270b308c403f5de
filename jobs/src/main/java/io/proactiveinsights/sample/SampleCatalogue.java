package io.proactiveinsights.sample;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The sample's message catalogue: all eight formats, live, paused and draft messages, and the
 * situations later stages must find, each listed in {@link #PLANTED}.
 */
public final class SampleCatalogue {

  static final String EVERYONE = "true";

  /**
   * Days before D that the three holdout messages went live: long enough for the invite tour's
   * effect to show through an always-valid interval (about 175 team-invites tickets in its control
   * arm of 4,000 people at the demo's 20,000).
   */
  static final int HOLDOUT_LIVE_DAYS_AGO = 50;

  public static final List<SampleMessage> MESSAGES =
      List.of(
          SampleMessage.of(
                  "msg_export_tour",
                  "Export your data in three steps",
                  "product_tour",
                  "everyone",
                  EVERYONE)
              .days(40, 12, 30)
              .about(List.of("data-export"), null, "export_completed")
              .copy("Exports live under Settings → Data. This tour shows the three steps.", null)
              .behaviour(0.75, 0.85, "0", 0, 0, 0.55),
          SampleMessage.of(
                  "msg_password_post", "Reset your password yourself", "post", "everyone", EVERYONE)
              .dismissible(true)
              .days(35, 10, 30)
              .about(List.of("password-reset"), null, null)
              .copy(
                  "Forgot your password? Reset it from the sign-in page in under a minute.",
                  "Reset your password")
              .behaviour(0.6, 0.7, "0.12", 0.12, 0, 0),
          SampleMessage.of(
                  "msg_sso_outage_banner", "SSO sign-in failures", "banner", "everyone", EVERYONE)
              .banner("warning", true)
              .frequency("once_per_session")
              .days(17, 17, 17)
              .about(List.of("login-issues"), "KI-101", null)
              .copy("Some SSO users cannot sign in. We are on it.", "See status page")
              .behaviour(0.5, 0.9, "0.05", 0.3, 0, 0),
          SampleMessage.of(
                  "msg_invoices_banner",
                  "New invoices page",
                  "banner",
                  "plan IN ('Pro', 'Premium')",
                  "plan IN ('Pro', 'Premium')")
              .banner("info", true)
              .days(160, 150, 150)
              .about(List.of("billing"), null, null)
              .copy("Invoices now have their own page, with PDF downloads.", "Open invoices")
              .behaviour(0.4, 0.85, "0.08", 0.15, 0, 0),
          SampleMessage.of(
                  "msg_integrations_post",
                  "Connect your tools",
                  "post",
                  "role = 'lead'",
                  "role = 'lead'")
              .dismissible(true)
              .days(30, 8, 25)
              .about(List.of("integrations"), null, null)
              .copy(
                  "Connect Slack, Jira and 40 other tools from the Integrations page.",
                  "Browse integrations")
              .behaviour(0.8, 0.8, "0.06", 0.65, 0, 0),
          SampleMessage.of(
                  "msg_beta_tooltip",
                  "Try the new report builder",
                  "tooltip",
                  "attr.beta_tester = 'true'",
                  "attributes['beta_tester'] = 'true'")
              .days(45, 15, 40)
              .about(List.of("reporting"), null, null)
              .copy("Drag fields to build a report.", "Try the beta")
              .behaviour(0.9, 0.9, "0.25", 0, 0, 0),
          SampleMessage.of(
                  "msg_reporting_post", "Advanced reporting is here", "post", "everyone", EVERYONE)
              .dismissible(true)
              .days(30, 9, 28)
              .about(List.of("reporting"), null, null)
              .copy(
                  "Schedule reports, share dashboards and export to BI tools.",
                  "Open advanced reports")
              .behaviour(
                  0.7, 0.75, "CASE WHEN plan = 'Premium' THEN 0.30 ELSE 0.02 END", 0.1, 0, 0),
          SampleMessage.of(
                  "msg_shortcuts_banner", "Keyboard shortcuts", "banner", "everyone", EVERYONE)
              .banner("info", true)
              .days(7, 6, 6)
              .about(List.of("onboarding"), null, null)
              .copy("Work faster with keyboard shortcuts.", "Click here")
              .behaviour(0.35, 0.6, "0.04", 0.2, 0, 0),
          SampleMessage.of(
                  "msg_maintenance_banner", "Scheduled maintenance", "banner", "everyone", EVERYONE)
              .banner("warning", false)
              .days(21, 20, 20)
              .about(List.of(), null, null)
              .copy(
                  "The app is read-only on Sundays 02:00–03:00 UTC for maintenance.",
                  "See the maintenance schedule")
              .behaviour(0.85, 0.9, "0.03", 0, 0, 0),
          SampleMessage.of(
                  "msg_dashboard_banner",
                  "Dashboards are loading slowly",
                  "banner",
                  "everyone",
                  EVERYONE)
              .banner("warning", true)
              .days(3, 3, 3)
              .about(List.of("dashboard-performance"), "KI-102", null)
              .copy(
                  "Dashboards load slowly for some workspaces. We are working on a fix.",
                  "Check status")
              .behaviour(0.5, 0.85, "0.05", 0.2, 0, 0),
          SampleMessage.of(
                  "msg_setup_checklist",
                  "Set up your workspace",
                  "checklist",
                  "signed_up_at WITHIN 60d",
                  "signed_up_at >= {D} - INTERVAL 60 DAYS")
              .days(55, 14, 50)
              .about(List.of("onboarding"), null, null)
              .copy("Five steps to a workspace your team will use.", null)
              .behaviour(0.9, 0.85, "0", 0, 0, 0.45),
          SampleMessage.of(
                  "msg_mobile_carousel",
                  "Take us with you",
                  "mobile_carousel",
                  "last_seen_at WITHIN 30d",
                  "last_seen_at >= {D} - INTERVAL 30 DAYS")
              .days(40, 11, 35)
              .about(List.of("mobile-app"), null, null)
              .copy("Everything you need, on your phone.", "Get the app")
              .behaviour(0.5, 0.8, "0.20", 0, 0, 0),
          SampleMessage.of(
                  "msg_nps_survey",
                  "How likely are you to recommend us?",
                  "survey",
                  "role = 'lead' AND last_seen_at WITHIN 30d",
                  "role = 'lead' AND last_seen_at >= {D} - INTERVAL 30 DAYS")
              .days(25, 5, 21)
              .copy("One question, ten seconds.", null)
              .behaviour(0.7, 0.8, "0", 0, 0, 0.35),
          SampleMessage.of(
                  "msg_sso_chat",
                  "Need help setting up SSO?",
                  "chat",
                  "plan = 'Premium'",
                  "plan = 'Premium'")
              .frequency("once")
              .days(40, 16, 33)
              .about(List.of("sso"), null, null)
              .copy("Hi! I can walk you through SSO setup. Just reply here.", null)
              .behaviour(0.7, 0.8, "0", 0, 0.25, 0),
          SampleMessage.of(
                  "msg_filters_tooltip", "Filter any report", "tooltip", "everyone", EVERYONE)
              .days(50, 18, 45)
              .about(List.of("reporting"), null, null)
              .copy("Click a column header to filter.", "Show me")
              .behaviour(0.5, 0.85, "0.22", 0, 0, 0),
          SampleMessage.of(
                  "msg_old_promo", "Annual plan discount", "post", "plan = 'Free'", "plan = 'Free'")
              .dismissible(true)
              .state("paused", 60)
              .days(100, 95, 88)
              .about(List.of("billing"), null, null)
              .copy("Save 20% with an annual plan.", "Upgrade now")
              .behaviour(0.5, 0.7, "0.05", 0.2, 0, 0),
          SampleMessage.of(
                  "msg_draft_tour", "Meet the new editor", "product_tour", "everyone", EVERYONE)
              .state("draft", null)
              .days(5, 2, null)
              .copy("A quick look at the new editor.", null)
              .behaviour(0, 0, "0", 0, 0, 0),
          SampleMessage.of(
                  "msg_invite_tour", "Invite your teammates", "product_tour", "everyone", EVERYONE)
              .days(55, 12, HOLDOUT_LIVE_DAYS_AGO)
              .about(List.of("team-invites"), null, null)
              .copy("Two clicks to bring your team in: Settings → Members → Invite.", null)
              .holdout(0.2)
              .behaviour(0.9, 0.9, "0", 0, 0, 0.5),
          SampleMessage.of(
                  "msg_notifications_tooltip",
                  "Mute a noisy project",
                  "tooltip",
                  "everyone",
                  EVERYONE)
              .days(55, 12, HOLDOUT_LIVE_DAYS_AGO)
              .about(List.of("notifications"), null, null)
              .copy(
                  "Mute a project's notifications from its bell icon.",
                  "Open notification settings")
              .holdout(0.2)
              .behaviour(0.8, 0.85, "0.22", 0, 0, 0),
          SampleMessage.of(
                  "msg_api_keys_post",
                  "Create an API key",
                  "post",
                  "role = 'lead'",
                  "role = 'lead'")
              .dismissible(true)
              .days(55, 12, HOLDOUT_LIVE_DAYS_AGO)
              .about(List.of("api-keys"), null, null)
              .copy(
                  "Connect your own scripts: create an API key under Settings → Developers.",
                  "Create an API key")
              .holdout(0.3)
              .behaviour(0.8, 0.8, "0.1", 0.1, 0, 0));

  /**
   * Messages whose source runs its own control group and records it in the {@code assignments}
   * input, with the share its split really holds out. The messages table declares another share:
   * msg_api_keys_post's source holds out 22% of leads against a declared 30%.
   */
  static final Map<String, Double> SOURCE_SPLITS = Map.of("msg_api_keys_post", 0.22);

  /**
   * The source gave its arms this long before the message went live (when it was scheduled): an
   * assignment counts from the instant it was made, and the as-of of the day before launch must
   * already hold it.
   */
  static final long SOURCE_ASSIGNED_SECONDS_BEFORE_LIVE = 3_600;

  /**
   * The tickets a message prevents: of a viewer's tickets on {@code topic} after their first view,
   * {@code share} never happen.
   */
  record Deflection(String messageId, String topic, double share) {}

  static final List<Deflection> DEFLECTIONS =
      List.of(
          new Deflection("msg_export_tour", "data-export", 0.6),
          // Three in four for its viewers; over its whole treatment arm (intention to treat: not
          // everyone views it, most views come some days after launch) about 40% fewer.
          new Deflection("msg_invite_tour", "team-invites", 0.75));

  /**
   * Tickets on a topic besides its share of the background mix ({@link #TOPICS}), at their own rate
   * per person and day, drawn apart so that adding them moved no other topic's tickets: the holdout
   * messages' topics, and more password resets.
   */
  record TopicStream(String topic, double perUserDay) {}

  static final List<TopicStream> TOPIC_STREAMS =
      List.of(
          new TopicStream("team-invites", 0.0009),
          new TopicStream("notifications", 0.0004),
          new TopicStream("api-keys", 0.0002),
          // Password resets are the question a support inbox gets most (~60 a day at 20,000
          // people, more than a third of the conversations; 12 from the mix): it is why a team
          // writes a
          // self-service post about them, and a "no impact" read daily needs that volume to rule
          // out a 25% deflection (docs/impact.md).
          new TopicStream("password-reset", 0.0024));

  /**
   * The ds whose segments run gave the sample's holdout messages their arms, for a sample ending
   * {@code endDate}: the day before they went live, whose as-of (the end of that day) is their
   * live_since. The demo replays that run before the pipeline of D (docs/experiments.md).
   */
  public static LocalDate holdoutArmsDs(LocalDate endDate) {
    return endDate.plusDays(1).minusDays(HOLDOUT_LIVE_DAYS_AGO).minusDays(1);
  }

  static final List<PlantedSituation> PLANTED =
      List.of(
          new PlantedSituation(
              "msg_export_tour",
              "deflects tickets: viewers open ~60% fewer data-export conversations after their"
                  + " first view",
              "topic_impact verdict fewer_tickets on data-export"),
          new PlantedSituation(
              "msg_password_post",
              "changes nothing: password-reset tickets (the busiest topic, more than a third of all"
                  + " conversations) unchanged after launch",
              "topic_impact verdict no_change on password-reset; NO_TICKET_IMPACT"),
          new PlantedSituation(
              "msg_sso_outage_banner",
              "known issue KI-101 resolved 10 days ago, banner still live; login-issues tickets"
                  + " spiked 5x during the incident",
              "RESOLVED_ISSUE_STILL_LIVE; PAUSE"),
          new PlantedSituation(
              "msg_invoices_banner", "not edited for 150 days", "STALE; REVIEW_CONTENT"),
          new PlantedSituation(
              "msg_integrations_post",
              "dismissed by ~65% of viewers (other posts ~10%)",
              "HIGH_DISMISSALS; CHANGE_FORMAT_OR_TIMING"),
          new PlantedSituation(
              "msg_beta_tooltip",
              "audience far too narrow: attr.beta_tester = 'true' matches ~0.5% of users",
              "LOW_REACH; BROADEN_AUDIENCE"),
          new PlantedSituation(
              "msg_reporting_post",
              "sent to everyone, but only Premium clicks (30% vs 2%)",
              "NARROW_AUDIENCE with plan = 'Premium'"),
          new PlantedSituation(
              "msg_shortcuts_banner",
              "CTA text 'Click here' says nothing",
              "VAGUE_CTA; IMPROVE_COPY_OR_CTA"),
          new PlantedSituation(
              "msg_maintenance_banner",
              "non-dismissible banner live since 20 days, audience everyone: blocks"
                  + " msg_shortcuts_banner (also everyone)",
              "BLOCKING_BANNER / OVERLAPPING_BANNERS; RESOLVE_BANNER_CONFLICT"),
          new PlantedSituation(
              "msg_dashboard_banner",
              "open incident KI-102: its banner must stay (near miss)",
              "no PAUSE"),
          new PlantedSituation("msg_old_promo", "paused 60 days ago", "no actions (paused)"),
          new PlantedSituation("msg_draft_tour", "draft, never shown", "no actions (draft)"),
          new PlantedSituation(
              "msg_invite_tour",
              "holdout of 20%: viewers open 75% fewer team-invites conversations after their first"
                  + " view, the treatment arm ~40% fewer than control",
              "experiment_impact verdict fewer_tickets on tickets:team-invites"),
          new PlantedSituation(
              "msg_notifications_tooltip",
              "holdout of 20%, changes nothing: notifications tickets alike in both arms",
              "experiment_impact verdict no_effect or inconclusive on tickets:notifications"),
          new PlantedSituation(
              "msg_api_keys_post",
              "its source runs the control group (assignments input) and held out 22% of leads"
                  + " against a declared 30%",
              "experiment_impact verdict srm, no lift"));

  /** Topics and their share of background conversations. */
  static final List<String> TOPICS =
      List.of(
          "data-export",
          "password-reset",
          "billing",
          "login-issues",
          "integrations",
          "reporting",
          "dashboard-performance",
          "onboarding",
          "mobile-app",
          "sso");

  static final double[] TOPIC_SHARES = {0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05};

  private SampleCatalogue() {}
}
