package io.proactiveinsights.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.rules.RuleLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The whole configuration of a run, read once from {@code conf/proactive-defaults.conf} (shipped in
 * the jar), an optional user file given with {@code --conf}, and {@code -Dproactive.*} system
 * properties, in rising order of precedence. Unknown keys and invalid values fail fast with exit
 * code 2.
 */
public record ProactiveConfig(
    Paths paths,
    SparkSettings spark,
    IngestSettings ingest,
    MetricsSettings metrics,
    ImpactSettings impact,
    HygieneSettings hygiene,
    RecommendSettings recommend,
    SegmentsSettings segments,
    SampleSettings sample,
    MaintainSettings maintain,
    IntercomSettings intercom,
    AudienceRuleSettings audienceRules,
    RunSettings runs,
    ExperimentSettings experiments) {

  public static final String DEFAULTS_RESOURCE = "proactive-defaults.conf";

  public record Paths(String input, String warehouse) {}

  public record SparkSettings(
      String master,
      int shufflePartitions,
      boolean uiEnabled,
      String logLevel,
      Map<String, String> extra) {}

  /**
   * @param maxUnknownUserFraction {@code ingest.max_unknown_user_fraction}: the gate's limit on the
   *     share of a table's accepted rows naming a user_id missing from users
   */
  public record IngestSettings(
      int lookbackDays,
      double maxQuarantinedFraction,
      long gateMinQuarantined,
      double maxUnknownUserFraction) {}

  /**
   * @param metricsWindowDays {@code metrics.window_days}: the trailing window of message_stats
   */
  public record MetricsSettings(
      int metricsWindowDays, int goalWindowDays, long baselineMinViewers) {}

  /**
   * @param impactWindowDays {@code impact.window_days}: each side of the before/after comparison
   *     around a launch
   * @param pretrendMargin {@code impact.pretrend_margin}: how far apart, as a share of the viewers'
   *     ticket rate before launch, viewers' and non-viewers' trends may be shown to stay in the
   *     weeks before launch for the two groups to count as parallel
   */
  public record ImpactSettings(
      int impactWindowDays,
      int minPostDays,
      long minTickets,
      long minGroupUsers,
      double maxQValue,
      long minCsatRatings,
      double pretrendMargin) {}

  /** Thresholds of the hygiene flags; each key's reason is in conf/proactive-defaults.conf. */
  public record HygieneSettings(
      int reviewIntervalDays,
      int decayWeeks,
      double decayMinRelativeDrop,
      double decayMaxPValue,
      long decayMinWeeklyViewers,
      int incidentRecentDays,
      int incidentBaselineDays,
      double incidentMinSpikeRatio,
      int minLiveDays,
      long lowReachMinAudience,
      double lowReachMaxReach,
      double narrowAudienceMaxShare,
      long broadenMinTopicOpeners,
      double broadenMaxTopicCoverage,
      int baselineMinMessages,
      double widerReferenceMaxShare,
      double highDismissAbsoluteRate,
      double fatigueMinLaterDismissRate,
      double lowGoalMaxShareOfBaseline,
      double lowCsatMinDifference,
      double lowCsatMaxPValue,
      double bannerOverlapMinShare,
      int overMessagingMaxPerWeek,
      long overMessagingMinUsers,
      double overMessagingMinShare,
      double overMessagingMinDismissLift,
      double overMessagingMinContribution,
      List<String> vagueCta,
      List<String> ctaRequiredFormats,
      double lowCtrMaxShareOfBaseline,
      double highDismissMinRatio,
      double highDismissMinRate,
      double noImpactMinExcludedDeflection) {}

  /** Thresholds of the recommendations; each key's reason is in conf/proactive-defaults.conf. */
  public record RecommendSettings(
      int narrowMaxAttributeValues,
      List<Integer> narrowSignupDays,
      long narrowMinSliceViewers,
      double narrowMinSliceShare,
      double narrowMinLift,
      double narrowMaxQValue,
      Map<String, List<String>> formatAlternatives) {}

  public record SegmentsSettings(int keepVersions) {}

  public record SampleSettings(int users, int days, long seed) {}

  /**
   * {@code proactive maintain}: VACUUM's retention, and the tables OPTIMIZE Z-orders, each by one
   * column (table name → column); the other tables are compacted only.
   */
  /**
   * @param bronzeBackfillDays {@code maintain.bronze_backfill_days}: the days of events the bronze
   *     event stores keep beyond {@code ingest.lookback_days} before the end of the newest ds
   */
  public record MaintainSettings(
      int vacuumRetentionHours, Map<String, String> zorderBy, int bronzeBackfillDays) {

    /** Delta's own default retention, {@code delta.deletedFileRetentionDuration} = 7 days. */
    public static final int DELTA_SAFE_RETENTION_HOURS = 168;
  }

  /**
   * {@code ingest --source intercom}: where a conversation's topic comes from when Intercom's
   * {@code ai_topics} are absent (tags first, then this custom attribute), how long before a
   * conversation a reply to a message may be to have started it, and which {@code
   * source.delivered_as} values such a conversation may have.
   */
  public record IntercomSettings(
      String topicAttribute,
      List<String> proactiveDeliveredAs,
      int replyLinkMinutes,
      int pausedAfterDays,
      boolean inferTopics,
      TopicSuggestionSettings topicSuggestions) {}

  /**
   * When a topic is suggested for a message that names none ({@code impact.TopicSuggestions}): the
   * follow-up window and the lift, count and q-value a suggestion needs, and how many a message
   * gets at most.
   */
  public record TopicSuggestionSettings(
      int followUpDays,
      double minLift,
      long minConversations,
      double maxQValue,
      int maxPerMessage) {}

  /** How big an audience rule may be before it is that message's rule error. */
  public record AudienceRuleSettings(int maxLength, int maxNesting) {
    public RuleLimits limits() {
      return new RuleLimits(maxLength, maxNesting);
    }
  }

  /**
   * How runs share a warehouse: how often a Delta commit that lost to a concurrent writer is
   * written again, and after how long a ds's run lock whose process cannot be checked counts as
   * abandoned.
   */
  public record RunSettings(int conflictRetries, int lockTimeoutHours) {}

  /**
   * Holdout experiments: the default share of a message's audience held out as a control group, and
   * how the randomised comparison of the two arms is read ({@code experiments} in the defaults,
   * each key with its reason).
   *
   * @param holdoutShare share held out when {@code messages.holdout_share} is null (0: none)
   * @param alpha error rate of the always-valid intervals (two-sided)
   * @param sequentialTuningUsers people in both arms at which the always-valid interval is tightest
   * @param cupedPreDays days before each person's assignment whose outcome is the CUPED covariate
   * @param srmMaxPValue a sample-ratio-mismatch test below this p-value voids the comparison
   * @param minArmUsers people each arm needs before the comparison is read
   */
  public record ExperimentSettings(
      double holdoutShare,
      double alpha,
      int sequentialTuningUsers,
      int cupedPreDays,
      double srmMaxPValue,
      long minArmUsers) {}

  /** The defaults alone, as shipped. */
  public static ProactiveConfig defaults() {
    return load(null);
  }

  /**
   * Reads the defaults, overlays {@code userFile} when given, then {@code -Dproactive.*} system
   * properties. The file's keys may be written with or without the {@code proactive.} prefix (see
   * {@link ConfigKeys}).
   *
   * @throws UsageException when the file is missing or unreadable, names a key the defaults do not
   *     have, or a value is out of range
   */
  public static ProactiveConfig load(Path userFile) {
    Properties jvmProperties;
    synchronized (System.getProperties()) {
      jvmProperties = (Properties) System.getProperties().clone();
    }
    return load(userFile, jvmProperties);
  }

  /**
   * As {@link #load(Path)}, with {@code systemProperties} in place of the JVM's (which test classes
   * running side by side in one JVM must not change).
   */
  static ProactiveConfig load(Path userFile, Properties systemProperties) {
    Config defaults = ConfigFactory.parseResources(DEFAULTS_RESOURCE);
    if (defaults.isEmpty()) {
      throw new IllegalStateException(
          "Cannot load config: " + DEFAULTS_RESOURCE + " is not on the classpath");
    }
    ConfigKeys keys = new ConfigKeys(defaults);
    Config merged = defaults;
    if (userFile != null) {
      if (!Files.isRegularFile(userFile)) {
        throw new UsageException(
            "Cannot load config "
                + userFile
                + ": no such file (pass a HOCON file with the keys to override)");
      }
      Config user;
      try {
        user =
            ConfigFactory.parseFile(
                userFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new UsageException("Cannot load config " + userFile + ": " + e.getMessage(), e);
      }
      merged = keys.normalize(user, userFile.toString()).withFallback(defaults);
    }
    Config properties =
        ConfigFactory.parseProperties(
            systemProperties,
            ConfigParseOptions.defaults().setOriginDescription("system properties"));
    keys.checkSystemProperties(properties);
    try {
      merged = properties.withFallback(merged).resolve();
      return fromConfig(
          merged.getConfig("proactive"),
          userFile == null ? DEFAULTS_RESOURCE : userFile.toString());
    } catch (ConfigException e) {
      throw new UsageException("Cannot load config: " + e.getMessage(), e);
    }
  }

  private static ProactiveConfig fromConfig(Config c, String origin) {
    Config spark = c.getConfig("spark");
    Map<String, String> extra = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : spark.getConfig("extra").entrySet()) {
      extra.put(unquote(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    var config =
        new ProactiveConfig(
            new Paths(c.getString("paths.input"), c.getString("paths.warehouse")),
            new SparkSettings(
                spark.getString("master"),
                spark.getInt("shuffle_partitions"),
                spark.getBoolean("ui_enabled"),
                spark.getString("log_level"),
                Map.copyOf(extra)),
            new IngestSettings(
                c.getInt("ingest.lookback_days"),
                c.getDouble("ingest.max_quarantined_fraction"),
                c.getLong("ingest.gate_min_quarantined"),
                c.getDouble("ingest.max_unknown_user_fraction")),
            new MetricsSettings(
                c.getInt("metrics.window_days"),
                c.getInt("metrics.goal_window_days"),
                c.getLong("metrics.baseline_min_viewers")),
            new ImpactSettings(
                c.getInt("impact.window_days"),
                c.getInt("impact.min_post_days"),
                c.getLong("impact.min_tickets"),
                c.getLong("impact.min_group_users"),
                c.getDouble("impact.max_q_value"),
                c.getLong("impact.min_csat_ratings"),
                c.getDouble("impact.pretrend_margin")),
            hygiene(c.getConfig("hygiene")),
            recommend(c.getConfig("recommend")),
            new SegmentsSettings(c.getInt("segments.keep_versions")),
            new SampleSettings(
                c.getInt("sample.users"), c.getInt("sample.days"), c.getLong("sample.seed")),
            maintain(c.getConfig("maintain")),
            new IntercomSettings(
                c.getString("intercom.topic_attribute"),
                List.copyOf(c.getStringList("intercom.proactive_delivered_as")),
                c.getInt("intercom.reply_link_minutes"),
                c.getInt("intercom.paused_after_days"),
                c.getBoolean("intercom.infer_topics"),
                new TopicSuggestionSettings(
                    c.getInt("intercom.topic_suggestions.follow_up_days"),
                    c.getDouble("intercom.topic_suggestions.min_lift"),
                    c.getLong("intercom.topic_suggestions.min_conversations"),
                    c.getDouble("intercom.topic_suggestions.max_q_value"),
                    c.getInt("intercom.topic_suggestions.max_per_message"))),
            new AudienceRuleSettings(
                c.getInt("audience_rules.max_length"), c.getInt("audience_rules.max_nesting")),
            new RunSettings(c.getInt("runs.conflict_retries"), c.getInt("runs.lock_timeout_hours")),
            new ExperimentSettings(
                c.getDouble("experiments.holdout_share"),
                c.getDouble("experiments.alpha"),
                c.getInt("experiments.sequential_tuning_users"),
                c.getInt("experiments.cuped_pre_days"),
                c.getDouble("experiments.srm_max_p_value"),
                c.getLong("experiments.min_arm_users")));
    config.validate(origin);
    return config;
  }

  private static HygieneSettings hygiene(Config h) {
    return new HygieneSettings(
        h.getInt("review_interval_days"),
        h.getInt("decay_weeks"),
        h.getDouble("decay_min_relative_drop"),
        h.getDouble("decay_max_p_value"),
        h.getLong("decay_min_weekly_viewers"),
        h.getInt("incident_recent_days"),
        h.getInt("incident_baseline_days"),
        h.getDouble("incident_min_spike_ratio"),
        h.getInt("min_live_days"),
        h.getLong("low_reach_min_audience"),
        h.getDouble("low_reach_max_reach"),
        h.getDouble("narrow_audience_max_share"),
        h.getLong("broaden_min_topic_openers"),
        h.getDouble("broaden_max_topic_coverage"),
        h.getInt("baseline_min_messages"),
        h.getDouble("wider_reference_max_share"),
        h.getDouble("high_dismiss_absolute_rate"),
        h.getDouble("fatigue_min_later_dismiss_rate"),
        h.getDouble("low_goal_max_share_of_baseline"),
        h.getDouble("low_csat_min_difference"),
        h.getDouble("low_csat_max_p_value"),
        h.getDouble("banner_overlap_min_share"),
        h.getInt("over_messaging_max_per_week"),
        h.getLong("over_messaging_min_users"),
        h.getDouble("over_messaging_min_share"),
        h.getDouble("over_messaging_min_dismiss_lift"),
        h.getDouble("over_messaging_min_contribution"),
        h.getStringList("vague_cta").stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).toList(),
        h.getStringList("cta_required_formats").stream()
            .map(t -> t.trim().toLowerCase(Locale.ROOT))
            .toList(),
        h.getDouble("low_ctr_max_share_of_baseline"),
        h.getDouble("high_dismiss_min_ratio"),
        h.getDouble("high_dismiss_min_rate"),
        h.getDouble("no_impact_min_excluded_deflection"));
  }

  private static RecommendSettings recommend(Config r) {
    Map<String, List<String>> alternatives = new TreeMap<>();
    Config formats = r.getConfig("format_alternatives");
    for (String format : formats.root().keySet()) {
      alternatives.put(format, List.copyOf(formats.getStringList(format)));
    }
    return new RecommendSettings(
        r.getInt("narrow_max_attribute_values"),
        List.copyOf(r.getIntList("narrow_signup_days")),
        r.getLong("narrow_min_slice_viewers"),
        r.getDouble("narrow_min_slice_share"),
        r.getDouble("narrow_min_lift"),
        r.getDouble("narrow_max_q_value"),
        Map.copyOf(alternatives));
  }

  private static MaintainSettings maintain(Config m) {
    Map<String, String> zorderBy = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : m.getConfig("zorder_by").entrySet()) {
      zorderBy.put(unquote(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    return new MaintainSettings(
        m.getInt("vacuum_retention_hours"), Map.copyOf(zorderBy), m.getInt("bronze_backfill_days"));
  }

  private void validate(String origin) {
    require(
        experiments.holdoutShare() >= 0 && experiments.holdoutShare() <= 0.5,
        origin,
        "experiments.holdout_share",
        "between 0 and 0.5 (the control group is the smaller arm)",
        experiments.holdoutShare());
    require(
        experiments.alpha() > 0 && experiments.alpha() < 0.5,
        origin,
        "experiments.alpha",
        "above 0 and below 0.5",
        experiments.alpha());
    require(
        experiments.sequentialTuningUsers() >= 1,
        origin,
        "experiments.sequential_tuning_users",
        "at least 1",
        experiments.sequentialTuningUsers());
    require(
        experiments.cupedPreDays() >= 1 && experiments.cupedPreDays() <= ingest.lookbackDays(),
        origin,
        "experiments.cuped_pre_days",
        "between 1 and ingest.lookback_days (" + ingest.lookbackDays() + ")",
        experiments.cupedPreDays());
    requireFraction(origin, "experiments.srm_max_p_value", experiments.srmMaxPValue());
    require(
        intercom.replyLinkMinutes() >= 1,
        origin,
        "intercom.reply_link_minutes",
        "at least 1",
        intercom.replyLinkMinutes());
    require(
        intercom.pausedAfterDays() >= 1,
        origin,
        "intercom.paused_after_days",
        "at least 1",
        intercom.pausedAfterDays());
    TopicSuggestionSettings suggestions = intercom.topicSuggestions();
    require(
        suggestions.followUpDays() >= 1,
        origin,
        "intercom.topic_suggestions.follow_up_days",
        "at least 1",
        suggestions.followUpDays());
    require(
        suggestions.minLift() > 1,
        origin,
        "intercom.topic_suggestions.min_lift",
        "above 1 (a topic asked about as usual is no suggestion)",
        suggestions.minLift());
    requireFraction(origin, "intercom.topic_suggestions.max_q_value", suggestions.maxQValue());
    require(
        suggestions.maxPerMessage() >= 1,
        origin,
        "intercom.topic_suggestions.max_per_message",
        "at least 1",
        suggestions.maxPerMessage());
    require(
        experiments.minArmUsers() >= 1,
        origin,
        "experiments.min_arm_users",
        "at least 1",
        experiments.minArmUsers());
    require(
        spark.shufflePartitions() >= 1,
        origin,
        "spark.shuffle_partitions",
        "at least 1",
        spark.shufflePartitions());
    require(
        ingest.lookbackDays() >= 1,
        origin,
        "ingest.lookback_days",
        "at least 1",
        ingest.lookbackDays());
    require(
        ingest.maxQuarantinedFraction() >= 0 && ingest.maxQuarantinedFraction() <= 1,
        origin,
        "ingest.max_quarantined_fraction",
        "between 0 and 1",
        ingest.maxQuarantinedFraction());
    requireFraction(origin, "ingest.max_unknown_user_fraction", ingest.maxUnknownUserFraction());
    require(
        metrics.metricsWindowDays() >= 1 && metrics.metricsWindowDays() <= ingest.lookbackDays(),
        origin,
        "metrics.window_days",
        "between 1 and ingest.lookback_days ("
            + ingest.lookbackDays()
            + "), since ingest keeps only that much history",
        metrics.metricsWindowDays());
    require(
        metrics.goalWindowDays() >= 1,
        origin,
        "metrics.goal_window_days",
        "at least 1",
        metrics.goalWindowDays());
    require(
        metrics.baselineMinViewers() >= 1,
        origin,
        "metrics.baseline_min_viewers",
        "at least 1",
        metrics.baselineMinViewers());
    require(
        impact.impactWindowDays() >= 1,
        origin,
        "impact.window_days",
        "at least 1",
        impact.impactWindowDays());
    require(
        impact.minPostDays() >= 1 && impact.minPostDays() <= impact.impactWindowDays(),
        origin,
        "impact.min_post_days",
        "between 1 and impact.window_days (" + impact.impactWindowDays() + ")",
        impact.minPostDays());
    require(
        impact.maxQValue() > 0 && impact.maxQValue() < 1,
        origin,
        "impact.max_q_value",
        "between 0 and 1",
        impact.maxQValue());
    require(
        impact.pretrendMargin() > 0,
        origin,
        "impact.pretrend_margin",
        "above 0",
        impact.pretrendMargin());
    require(
        hygiene.reviewIntervalDays() >= 1,
        origin,
        "hygiene.review_interval_days",
        "at least 1",
        hygiene.reviewIntervalDays());
    require(
        hygiene.decayWeeks() >= 2 && hygiene.decayWeeks() * 7 <= metrics.metricsWindowDays(),
        origin,
        "hygiene.decay_weeks",
        "at least 2 and no more weeks than metrics.window_days ("
            + metrics.metricsWindowDays()
            + ") holds",
        hygiene.decayWeeks());
    requireFraction(origin, "hygiene.decay_min_relative_drop", hygiene.decayMinRelativeDrop());
    requireFraction(origin, "hygiene.decay_max_p_value", hygiene.decayMaxPValue());
    require(
        hygiene.incidentRecentDays() >= 1,
        origin,
        "hygiene.incident_recent_days",
        "at least 1",
        hygiene.incidentRecentDays());
    require(
        hygiene.incidentBaselineDays() >= 1,
        origin,
        "hygiene.incident_baseline_days",
        "at least 1",
        hygiene.incidentBaselineDays());
    require(
        hygiene.incidentMinSpikeRatio() > 1,
        origin,
        "hygiene.incident_min_spike_ratio",
        "above 1",
        hygiene.incidentMinSpikeRatio());
    require(
        hygiene.minLiveDays() >= 1,
        origin,
        "hygiene.min_live_days",
        "at least 1",
        hygiene.minLiveDays());
    require(
        hygiene.lowReachMinAudience() >= 1,
        origin,
        "hygiene.low_reach_min_audience",
        "at least 1",
        hygiene.lowReachMinAudience());
    requireFraction(origin, "hygiene.low_reach_max_reach", hygiene.lowReachMaxReach());
    requireFraction(origin, "hygiene.narrow_audience_max_share", hygiene.narrowAudienceMaxShare());
    require(
        hygiene.broadenMinTopicOpeners() >= 1,
        origin,
        "hygiene.broaden_min_topic_openers",
        "at least 1",
        hygiene.broadenMinTopicOpeners());
    requireFraction(
        origin, "hygiene.broaden_max_topic_coverage", hygiene.broadenMaxTopicCoverage());
    require(
        hygiene.baselineMinMessages() >= 1,
        origin,
        "hygiene.baseline_min_messages",
        "at least 1",
        hygiene.baselineMinMessages());
    requireFraction(origin, "hygiene.wider_reference_max_share", hygiene.widerReferenceMaxShare());
    requireFraction(
        origin, "hygiene.high_dismiss_absolute_rate", hygiene.highDismissAbsoluteRate());
    requireFraction(
        origin, "hygiene.fatigue_min_later_dismiss_rate", hygiene.fatigueMinLaterDismissRate());
    requireFraction(
        origin, "hygiene.low_goal_max_share_of_baseline", hygiene.lowGoalMaxShareOfBaseline());
    require(
        hygiene.lowCsatMinDifference() > 0 && hygiene.lowCsatMinDifference() < 4,
        origin,
        "hygiene.low_csat_min_difference",
        "between 0 and 4 rating points",
        hygiene.lowCsatMinDifference());
    requireFraction(origin, "hygiene.low_csat_max_p_value", hygiene.lowCsatMaxPValue());
    requireFraction(origin, "hygiene.banner_overlap_min_share", hygiene.bannerOverlapMinShare());
    require(
        hygiene.overMessagingMaxPerWeek() >= 1,
        origin,
        "hygiene.over_messaging_max_per_week",
        "at least 1",
        hygiene.overMessagingMaxPerWeek());
    requireFraction(origin, "hygiene.over_messaging_min_share", hygiene.overMessagingMinShare());
    require(
        hygiene.overMessagingMinDismissLift() >= 1,
        origin,
        "hygiene.over_messaging_min_dismiss_lift",
        "at least 1",
        hygiene.overMessagingMinDismissLift());
    requireFraction(
        origin, "hygiene.over_messaging_min_contribution", hygiene.overMessagingMinContribution());
    requireFraction(
        origin, "hygiene.low_ctr_max_share_of_baseline", hygiene.lowCtrMaxShareOfBaseline());
    require(
        hygiene.highDismissMinRatio() >= 1,
        origin,
        "hygiene.high_dismiss_min_ratio",
        "at least 1",
        hygiene.highDismissMinRatio());
    requireFraction(origin, "hygiene.high_dismiss_min_rate", hygiene.highDismissMinRate());
    requireFraction(
        origin,
        "hygiene.no_impact_min_excluded_deflection",
        hygiene.noImpactMinExcludedDeflection());
    require(
        recommend.narrowMinSliceViewers() >= 1,
        origin,
        "recommend.narrow_min_slice_viewers",
        "at least 1",
        recommend.narrowMinSliceViewers());
    requireFraction(origin, "recommend.narrow_min_slice_share", recommend.narrowMinSliceShare());
    require(
        recommend.narrowMinLift() > 1,
        origin,
        "recommend.narrow_min_lift",
        "above 1",
        recommend.narrowMinLift());
    requireFraction(origin, "recommend.narrow_max_q_value", recommend.narrowMaxQValue());
    require(
        segments.keepVersions() >= 1,
        origin,
        "segments.keep_versions",
        "at least 1",
        segments.keepVersions());
    require(sample.users() >= 100, origin, "sample.users", "at least 100", sample.users());
    require(
        maintain.vacuumRetentionHours() >= MaintainSettings.DELTA_SAFE_RETENTION_HOURS,
        origin,
        "maintain.vacuum_retention_hours",
        "at least "
            + MaintainSettings.DELTA_SAFE_RETENTION_HOURS
            + ", Delta's safety default (a shorter retention can delete files that a running job or"
            + " a time-travel read still needs)",
        maintain.vacuumRetentionHours());
    require(
        maintain.bronzeBackfillDays() >= 0,
        origin,
        "maintain.bronze_backfill_days",
        "at least 0 (bronze keeps at least the ingest.lookback_days the newest ds's jobs read)",
        maintain.bronzeBackfillDays());
    require(
        audienceRules.maxLength() >= 1,
        origin,
        "audience_rules.max_length",
        "at least 1",
        audienceRules.maxLength());
    require(
        audienceRules.maxNesting() >= 1,
        origin,
        "audience_rules.max_nesting",
        "at least 1",
        audienceRules.maxNesting());
    require(
        runs.conflictRetries() >= 0,
        origin,
        "runs.conflict_retries",
        "at least 0",
        runs.conflictRetries());
    require(
        runs.lockTimeoutHours() >= 1,
        origin,
        "runs.lock_timeout_hours",
        "at least 1 (a shorter timeout can take the lock of a run that is still writing)",
        runs.lockTimeoutHours());
    require(
        sample.days() >= 45,
        origin,
        "sample.days",
        "at least 45 (the planted launches need history)",
        sample.days());
  }

  private static void requireFraction(String origin, String key, double value) {
    require(value >= 0 && value <= 1, origin, key, "between 0 and 1", value);
  }

  private static void require(
      boolean ok, String origin, String key, String expected, Object actual) {
    if (!ok) {
      throw new UsageException(
          "Cannot load config "
              + origin
              + ": proactive."
              + key
              + " must be "
              + expected
              + " (got "
              + actual
              + ")");
    }
  }

  private static String unquote(String key) {
    return key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
  }
}
