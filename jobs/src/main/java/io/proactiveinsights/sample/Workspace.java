package io.proactiveinsights.sample;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A randomly generated workspace, independent of the demo sample's catalogue: how many people, how
 * they sign up and come back, and a random catalogue of messages (formats with one or a few
 * messages each, audiences of every size, every frequency, messages live longer than the lookback,
 * product events older than it), each message with the behaviour people show towards it. {@link
 * #healthy} workspaces hold only messages that work as intended; {@link #planted} ones add one
 * message per {@link Plant}, each a situation the jobs must find.
 *
 * <p>Everything is drawn from {@code seed} (java.util.Random for the catalogue; the generator
 * hashes the seed for people and events), so a workspace is reproducible from its seed and size
 * alone.
 *
 * @param recentSignupShare share of people who signed up within the last 30 days (during the
 *     window)
 * @param exportedShare share of people with an {@code exported} product event, at any time in the
 *     last {@code eventHistoryDays} days (beyond the ingest lookback)
 * @param busiestTopic the topic people ask about {@link #BUSIEST_TOPIC_VOLUME} times as often as
 *     any other, or null when every topic is asked about alike
 */
public record Workspace(
    long seed,
    int users,
    int days,
    int eventHistoryDays,
    double recentSignupShare,
    double exportedShare,
    List<ScenarioMessage> messages,
    List<ScenarioIssue> knownIssues,
    List<String> topics,
    String busiestTopic) {

  /**
   * Tickets per person on a workspace's busiest topic, in multiples of any other topic's. A team
   * writes a deflection post for the question it is asked most: in support inboxes one topic
   * (password resets, billing) often brings a third or more of the conversations, here 5 / 12 of
   * them. It is also what makes "no impact" provable at a workspace size the suite can afford: an
   * interval read daily must rule out a 25% deflection (docs/impact.md).
   */
  public static final int BUSIEST_TOPIC_VOLUME = 5;

  /** Situations a planted workspace can hold, each with the actions that count as finding it. */
  public enum Plant {
    NAGGING_CHAT(
        "a multiple-frequency chat shown 3-7 times; 30% dismiss the 1st showing, 85% later ones;"
            + " replies only on the 1st",
        "REDUCE_FREQUENCY", "CHANGE_FORMAT_OR_TIMING"),
    DISMISSED_POST("a post 65% of viewers dismiss on first sight", "CHANGE_FORMAT_OR_TIMING"),
    UNREACHED_AUDIENCE(
        "everyone matches it, but only 6% of active people received it", "CHANGE_FORMAT_OR_TIMING"),
    RULE_TOO_NARROW(
        "rule matches ~0.5% of people (beta testers) on a topic everyone asks about",
        "BROADEN_AUDIENCE"),
    RESOLVED_ISSUE("known-issue banner still live 10 days after its issue was resolved", "PAUSE"),
    STALE("not edited for 150 days", "REVIEW_CONTENT"),
    VAGUE_CTA("call to action 'Learn more'", "IMPROVE_COPY_OR_CTA"),
    BLOCKING_BANNER(
        "a non-dismissible banner for everyone, ahead of another banner for everyone",
        "RESOLVE_BANNER_CONFLICT"),
    LOW_CTR("a post clicked by 1% where posts get ~12%", "IMPROVE_COPY_OR_CTA"),
    ENGAGING_SLICE(
        "a post for everyone that only Premium clicks (30% against 2%)", "NARROW_AUDIENCE"),
    LOW_GOAL_RATE(
        "a tour whose goal 3% of receivers reach, where goals are reached by ~35%",
        "REWORK_CONTENT"),
    LOW_CSAT(
        "conversations started from a chat rate a point below the rest of its topic",
        "REVIEW_CONTENT"),
    NO_TICKET_IMPACT(
        "a post most people see, meant to deflect the workspace's busiest topic (5x the tickets of"
            + " any other), whose tickets it does not move",
        "REWORK_CONTENT"),
    FEW_VIEWERS_BUSY_TOPIC(
        "a chat for a few dozen beta testers on a busy topic it does not move: too few viewers to"
            + " tell whether it works, so broaden it, never rework it (a near miss for"
            + " REWORK_CONTENT)",
        Set.of("REWORK_CONTENT"),
        "BROADEN_AUDIENCE");

    private final String situation;
    private final Set<String> actions;
    private final Set<String> forbidden;

    Plant(String situation, String... actions) {
      this(situation, Set.of(), actions);
    }

    Plant(String situation, Set<String> forbidden, String... actions) {
      this.situation = situation;
      this.actions = Set.of(actions);
      this.forbidden = forbidden;
    }

    /** Actions the planted message must not get (what a near miss is near to). */
    public Set<String> forbidden() {
      return forbidden;
    }

    public String situation() {
      return situation;
    }

    /** The actions any of which, on the planted message, means the situation was found. */
    public Set<String> actions() {
      return actions;
    }
  }

  /**
   * A known issue of the workspace; days before the as-of time, {@code resolvedDaysAgo} null while
   * open.
   */
  public record ScenarioIssue(
      String id, String title, String topic, int openedDaysAgo, Integer resolvedDaysAgo) {}

  private static final String[] FORMATS = {
    "banner", "post", "chat", "tooltip", "product_tour", "checklist", "mobile_carousel", "survey"
  };

  /**
   * Typical primary rate per format (clicks; replies for chats; completions for tours, checklists,
   * surveys).
   */
  static double typicalPrimary(String type) {
    return switch (type) {
      case "banner" -> 0.10;
      case "post" -> 0.12;
      case "tooltip" -> 0.16;
      case "mobile_carousel" -> 0.12;
      case "chat" -> 0.10;
      case "product_tour" -> 0.50;
      case "checklist" -> 0.45;
      default -> 0.35;
    };
  }

  /** Typical share of viewers who dismiss, per format. */
  static double typicalDismiss(String type) {
    return switch (type) {
      case "banner", "survey", "chat" -> 0.15;
      case "post" -> 0.12;
      case "mobile_carousel", "product_tour" -> 0.10;
      default -> 0.05;
    };
  }

  /**
   * An audience the catalogue can draw: the rule and the same condition in Spark SQL over the
   * generator's users.
   */
  record Audience(String rule, String sql, boolean broad) {}

  static final List<Audience> AUDIENCES =
      List.of(
          new Audience("everyone", "true", true),
          new Audience("plan = 'Free'", "plan = 'Free'", true),
          new Audience("plan IN ('Pro', 'Premium')", "plan IN ('Pro', 'Premium')", true),
          new Audience("last_seen_at WITHIN 30d", "last_seen_at >= {D} - INTERVAL 30 DAYS", true),
          new Audience("plan = 'Premium'", "plan = 'Premium'", false),
          new Audience("role = 'lead'", "role = 'lead'", false),
          new Audience("signed_up_at WITHIN 14d", "signed_up_at >= {D} - INTERVAL 14 DAYS", false),
          new Audience("event.exported NEVER", "_exported_at IS NULL", false),
          new Audience(
              "attr.company_size = 'large'", "attributes['company_size'] = 'large'", false),
          new Audience("attr.beta_tester = 'true'", "attributes['beta_tester'] = 'true'", false));

  /**
   * A healthy workspace: every message reaches its audience, engages like its kind, deflects what
   * it is about.
   */
  public static Workspace healthy(long seed, int users) {
    return build(seed, users, EnumSet.noneOf(Plant.class));
  }

  /** A healthy workspace plus one message for each planted situation. */
  public static Workspace planted(long seed, int users, Set<Plant> plants) {
    return build(seed, users, plants);
  }

  private static Workspace build(long seed, int users, Set<Plant> plants) {
    Random random = new Random(seed);
    List<String> topics = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      topics.add("topic-" + i);
    }
    Catalogue catalogue = new Catalogue(random, topics);
    int healthyCount = 5 + random.nextInt(6);
    for (int i = 0; i < healthyCount; i++) {
      catalogue.addHealthy();
    }
    List<ScenarioIssue> issues = new ArrayList<>();
    if (random.nextBoolean() && !catalogue.liveBanner) {
      // An open incident with its banner: it must stay (a near miss for PAUSE). Only where no other
      // banner is live: one banner shows at a time, and two live banners for everyone would queue.
      String topic = catalogue.takeTopic();
      issues.add(new ScenarioIssue("KI-open", "Slow exports", topic, 4, null));
      catalogue.addIncidentBanner("KI-open", topic, 4);
    }
    for (Plant plant : plants) {
      catalogue.addPlanted(plant, issues);
    }
    return new Workspace(
        seed,
        users,
        150,
        365,
        0.03 + 0.07 * random.nextDouble(),
        0.3 + 0.4 * random.nextDouble(),
        List.copyOf(catalogue.messages),
        List.copyOf(issues),
        topics,
        catalogue.busiestTopic);
  }

  /** Every message's id and format, in catalogue order. */
  public Map<String, String> formatByMessage() {
    Map<String, String> formats = new LinkedHashMap<>();
    messages.forEach(m -> formats.put(m.message().id(), m.message().type()));
    return formats;
  }

  /** The planted messages and what each plants. */
  public Map<String, Plant> plantByMessage() {
    Map<String, Plant> plants = new LinkedHashMap<>();
    messages.stream()
        .filter(m -> m.plant() != null)
        .forEach(m -> plants.put(m.message().id(), m.plant()));
    return plants;
  }

  /** The planted situations: the message each one planted, what it is and what should be said. */
  public List<PlantedSituation> plantedSituations() {
    return messages.stream()
        .filter(m -> m.plant() != null)
        .map(
            m ->
                new PlantedSituation(
                    m.message().id(),
                    m.plant().situation(),
                    String.join(" or ", m.plant().actions().stream().sorted().toList())
                        + (m.plant().forbidden().isEmpty()
                            ? ""
                            : "; never " + String.join(", ", m.plant().forbidden()))))
        .toList();
  }

  /**
   * Draws the catalogue, keeping a healthy workspace healthy: one live banner, each topic to one
   * message, fresh copy.
   */
  private static final class Catalogue {
    private final Random random;
    private final List<String> freeTopics;
    private final List<ScenarioMessage> messages = new ArrayList<>();
    private boolean liveBanner;
    private String busiestTopic;
    private int liveBanners;
    private int recentLaunches;

    Catalogue(Random random, List<String> topics) {
      this.random = random;
      this.freeTopics = new ArrayList<>(topics);
    }

    String takeTopic() {
      return freeTopics.remove(random.nextInt(freeTopics.size()));
    }

    private String id(String type) {
      return String.format(Locale.ROOT, "m%02d_%s", messages.size() + 1, type);
    }

    private double around(double typical) {
      return typical * (0.85 + 0.3 * random.nextDouble());
    }

    void addHealthy() {
      String type = FORMATS[random.nextInt(FORMATS.length)];
      // Banners show one at a time: a second live banner queues behind the first (an
      // OVERLAPPING_BANNERS
      // flag, no action); up to three, all dismissible, so that banners can be judged against each
      // other.
      if ("banner".equals(type) && liveBanners >= 3) {
        type = "tooltip";
      }
      boolean onboarding = type.equals("product_tour") || type.equals("checklist");
      Audience audience =
          onboarding && random.nextBoolean()
              ? AUDIENCES.get(6)
              : AUDIENCES.get(random.nextInt(AUDIENCES.size()));
      int live = recentLaunches < 2 ? 8 + random.nextInt(190) : 30 + random.nextInt(170);
      if (live < 12) {
        recentLaunches++;
      }
      String state = random.nextDouble() < 0.1 ? "paused" : "live";
      String frequency =
          switch (type) {
            case "chat", "banner", "tooltip" ->
                random.nextDouble() < 0.35
                    ? "multiple"
                    : (random.nextBoolean() ? "once_per_session" : "once");
            default -> random.nextDouble() < 0.2 ? "once_per_session" : "once";
          };
      String id = id(type);
      List<String> topics =
          audience.broad() && !freeTopics.isEmpty() && random.nextDouble() < 0.6
              ? List.of(takeTopic())
              : List.of();
      String goal = random.nextDouble() < 0.4 ? "goal_" + id : null;
      SampleMessage m =
          SampleMessage.of(
                  id,
                  "Healthy " + type.replace('_', ' ') + " " + id,
                  type,
                  audience.rule(),
                  audience.sql())
              .frequency(frequency)
              .days(live + 5 + random.nextInt(30), random.nextInt(20), live)
              .about(topics, null, goal)
              .copy("What " + id + " helps with, in two sentences.", ctaFor(type, id))
              .behaviour(
                  0.6 + 0.35 * random.nextDouble(),
                  0.6 + 0.35 * random.nextDouble(),
                  Double.toString(around(typicalPrimary(type))),
                  around(typicalDismiss(type)),
                  type.equals("chat") ? around(typicalPrimary(type)) : 0,
                  around(typicalPrimary(type)));
      if ("banner".equals(type)) {
        m = m.banner("info", true);
        liveBanner = liveBanner || "live".equals(state);
        liveBanners += "live".equals(state) ? 1 : 0;
      } else if ("post".equals(type)) {
        m = m.dismissible(true);
      }
      if ("paused".equals(state)) {
        m = m.state("paused", Math.max(1, live / 3));
      }
      int[] showings = showings(frequency);
      messages.add(
          new ScenarioMessage(
              m,
              showings[0],
              showings[1],
              m.dismiss(),
              0.5,
              topics.isEmpty() ? 0 : 0.4,
              goal == null ? 0 : 0.25 + 0.2 * random.nextDouble(),
              0,
              null));
    }

    /**
     * Healthy messages of a format, for a situation that is about being worse than its kind ("where
     * posts get ~12%"): without others of its kind there is nothing to be worse than.
     */
    void addPeers(String type, int count) {
      long present =
          messages.stream()
              .filter(s -> s.plant() == null && s.message().type().equals(type))
              .count();
      for (long i = present; i < count; i++) {
        String id = id(type);
        SampleMessage peer =
            SampleMessage.of(id, "Peer " + id, type, "everyone", "true")
                .dismissible(true)
                .days(40, 5, 30)
                .copy("A " + type + " like the others.", ctaFor(type, id))
                .behaviour(
                    0.8,
                    0.8,
                    Double.toString(around(typicalPrimary(type))),
                    around(typicalDismiss(type)),
                    0,
                    0);
        messages.add(new ScenarioMessage(peer, 1, 1, peer.dismiss(), 0.5, 0, 0, 0, null));
      }
    }

    private int[] showings(String frequency) {
      return switch (frequency) {
        case "multiple" -> new int[] {2, 6};
        case "once_per_session" -> new int[] {1, 3};
        default -> new int[] {1, 1};
      };
    }

    private static String ctaFor(String type, String id) {
      return switch (type) {
        case "banner", "post", "tooltip", "mobile_carousel" ->
            "Open the " + id.substring(4).replace('_', ' ') + " page";
        default -> null;
      };
    }

    void addIncidentBanner(String issueId, String topic, int daysAgo) {
      String id = id("banner");
      SampleMessage m =
          SampleMessage.of(id, "Incident " + issueId, "banner", "everyone", "true")
              .banner("warning", true)
              .frequency("once_per_session")
              .days(daysAgo, daysAgo, daysAgo)
              .about(List.of(topic), issueId, null)
              .copy("Exports are slow for some workspaces. We are on it.", "See the status page")
              .behaviour(0.85, 0.85, "0.05", 0.15, 0, 0);
      liveBanner = true;
      messages.add(new ScenarioMessage(m, 1, 2, 0.15, 0.5, 0, 0, 0, null));
    }

    void addPlanted(Plant plant, List<ScenarioIssue> issues) {
      String type =
          switch (plant) {
            case NAGGING_CHAT, LOW_CSAT, FEW_VIEWERS_BUSY_TOPIC -> "chat";
            case DISMISSED_POST, LOW_CTR, ENGAGING_SLICE, STALE, NO_TICKET_IMPACT -> "post";
            case UNREACHED_AUDIENCE, RULE_TOO_NARROW -> "tooltip";
            case RESOLVED_ISSUE, BLOCKING_BANNER, VAGUE_CTA -> "banner";
            case LOW_GOAL_RATE -> "product_tour";
          };
      String id = id(type) + "_planted";
      SampleMessage m =
          SampleMessage.of(
                  id, "Planted " + plant.name().toLowerCase(Locale.ROOT), type, "everyone", "true")
              .days(40, 5, 30)
              .copy("Planted: " + plant.situation(), ctaFor(type, id))
              .behaviour(
                  0.85,
                  0.85,
                  Double.toString(typicalPrimary(type)),
                  typicalDismiss(type),
                  type.equals("chat") ? 0.12 : 0,
                  typicalPrimary(type));
      if ("post".equals(type)) {
        m = m.dismissible(true);
      }
      if ("banner".equals(type)) {
        m = m.banner("info", true);
      }
      int minShowings = 1;
      int maxShowings = 1;
      double laterDismiss = m.dismiss();
      double laterPrimary = 0.5;
      double goalRate = 0;
      double csatShift = 0;
      switch (plant) {
        case NAGGING_CHAT -> {
          m =
              m.rule("plan = 'Free'", "plan = 'Free'")
                  .frequency("multiple")
                  .behaviour(0.9, 0.9, "0", 0.3, 0.03, 0);
          minShowings = 3;
          maxShowings = 7;
          laterDismiss = 0.85;
          laterPrimary = 0;
        }
        case DISMISSED_POST -> m = m.behaviour(0.85, 0.85, "0.05", 0.65, 0, 0);
        case UNREACHED_AUDIENCE -> m = m.behaviour(0.06, 0.85, "0.16", 0.05, 0, 0);
        case RULE_TOO_NARROW ->
            m =
                m.rule("attr.beta_tester = 'true'", "attributes['beta_tester'] = 'true'")
                    .about(List.of(takeTopic()), null, null);
        case RESOLVED_ISSUE -> {
          String topic = takeTopic();
          issues.add(new ScenarioIssue("KI-resolved", "Sign-in failures", topic, 18, 10));
          m = m.banner("warning", true).days(17, 17, 17).about(List.of(topic), "KI-resolved", null);
        }
        case STALE -> m = m.days(200, 150, 160);
        case VAGUE_CTA -> m = m.copy("Planted: " + plant.situation(), "Learn more");
        case BLOCKING_BANNER -> {
          m = m.banner("warning", false).days(30, 5, 30);
          SampleMessage later =
              SampleMessage.of(
                      id(type) + "_blocked", "Blocked banner", "banner", "everyone", "true")
                  .banner("info", true)
                  .days(12, 5, 10)
                  .copy("A banner that never shows.", "Open the new page")
                  .behaviour(0.85, 0.85, "0.10", 0.15, 0, 0);
          messages.add(new ScenarioMessage(later, 1, 1, 0.15, 0.5, 0, 0, 0, null));
        }
        case LOW_CTR -> {
          m = m.behaviour(0.85, 0.85, "0.01", 0.12, 0, 0);
          addPeers("post", 3);
        }
        case ENGAGING_SLICE -> {
          m =
              m.behaviour(
                  0.85, 0.85, "CASE WHEN plan = 'Premium' THEN 0.30 ELSE 0.02 END", 0.1, 0, 0);
          addPeers("post", 3);
        }
        case LOW_GOAL_RATE -> {
          m = m.about(List.of(), null, "goal_" + id).behaviour(0.85, 0.85, "0", 0.1, 0, 0.5);
          goalRate = 0.03;
          // Three more messages with goals, reached by ~35%: the reference the tour is judged
          // against.
          for (int i = 0; i < 3; i++) {
            String other = id("checklist");
            SampleMessage peer =
                SampleMessage.of(other, "Goal peer " + other, "checklist", "everyone", "true")
                    .days(40, 5, 30)
                    .about(List.of(), null, "goal_" + other)
                    .copy("A checklist with a goal.", null)
                    .behaviour(0.85, 0.85, "0", 0.05, 0, 0.45);
            messages.add(new ScenarioMessage(peer, 1, 1, 0.05, 0.5, 0, 0.35, 0, null));
          }
        }
        case LOW_CSAT -> {
          m = m.about(List.of(takeTopic()), null, null).behaviour(0.9, 0.9, "0", 0.1, 0.2, 0);
          csatShift = -1.0;
        }
        case NO_TICKET_IMPACT -> {
          // The post is about the workspace's busiest topic, as such posts are.
          busiestTopic = takeTopic();
          m = m.about(List.of(busiestTopic), null, null).behaviour(0.95, 0.95, "0.12", 0.1, 0, 0);
        }
        case FEW_VIEWERS_BUSY_TOPIC ->
            m =
                m.rule("attr.beta_tester = 'true'", "attributes['beta_tester'] = 'true'")
                    .about(List.of(takeTopic()), null, null)
                    .behaviour(0.9, 0.9, "0", 0.1, 0.1, 0);
        default -> throw new IllegalStateException("Unhandled plant " + plant);
      }
      messages.add(
          new ScenarioMessage(
              m,
              minShowings,
              maxShowings,
              laterDismiss,
              laterPrimary,
              0,
              goalRate,
              csatShift,
              plant));
    }
  }
}
