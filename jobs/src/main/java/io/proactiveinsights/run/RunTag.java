package io.proactiveinsights.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Which run made a Delta commit. A run is one command's work on one ds ({@code pipeline --ds D},
 * {@code metrics --ds D}, one day of a backfill, a rollback); every commit it makes carries this
 * tag, as JSON, in Delta's {@code userMetadata}, so {@code proactive rollback} can find the
 * versions a run wrote and any run that wrote after it, from the tables' own history.
 *
 * @param runId unique per run, sortable by start time: {@code 20240501T031500Z-7f3a9c}
 * @param job the command that ran ({@code pipeline}, {@code metrics}, …, {@code rollback})
 * @param rollsBack for a rollback, the run it undid; null otherwise
 */
public record RunTag(String runId, LocalDate ds, String job, String rollsBack) {

  /** The job name of a rollback's own tag. */
  public static final String ROLLBACK = "rollback";

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN_ID = "run_id";
  private static final String DS = "ds";
  private static final String JOB = "job";
  private static final String ROLLS_BACK = "rolls_back";

  public RunTag {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(ds, "ds");
    Objects.requireNonNull(job, "job");
  }

  /** A new run of {@code job} for {@code ds}, started at {@code now}. */
  public static RunTag start(String job, LocalDate ds, Instant now) {
    return new RunTag(newRunId(now), ds, job, null);
  }

  /** A new rollback of run {@code undone} (of ds {@code ds}), started at {@code now}. */
  public static RunTag rollback(String undone, LocalDate ds, Instant now) {
    return new RunTag(newRunId(now), ds, ROLLBACK, undone);
  }

  /** The start time to the second, then 24 random bits: unique without coordination. */
  static String newRunId(Instant now) {
    byte[] random = new byte[3];
    RANDOM.nextBytes(random);
    return ID_TIME.format(now) + "-" + HexFormat.of().formatHex(random);
  }

  public boolean isRollback() {
    return ROLLBACK.equals(job);
  }

  /** The tag as Delta's {@code userMetadata} holds it. */
  public String toJson() {
    ObjectNode json = JSON.createObjectNode();
    json.put(RUN_ID, runId).put(DS, ds.toString()).put(JOB, job);
    if (rollsBack != null) {
      json.put(ROLLS_BACK, rollsBack);
    }
    return json.toString();
  }

  /**
   * The tag of a commit's {@code userMetadata}; empty for a commit without one (made before runs
   * were tagged, or by another tool) or with metadata that is not a run tag.
   */
  public static Optional<RunTag> parse(String userMetadata) {
    if (userMetadata == null || !userMetadata.trim().startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode json = JSON.readTree(userMetadata);
      if (!json.path(RUN_ID).isTextual()
          || !json.path(DS).isTextual()
          || !json.path(JOB).isTextual()) {
        return Optional.empty();
      }
      return Optional.of(
          new RunTag(
              json.get(RUN_ID).asText(),
              LocalDate.parse(json.get(DS).asText()),
              json.get(JOB).asText(),
              json.path(ROLLS_BACK).isTextual() ? json.get(ROLLS_BACK).asText() : null));
    } catch (JsonProcessingException | DateTimeParseException notATag) {
      return Optional.empty();
    }
  }

  /** "run R (job, ds D)", as messages name a run. */
  public String describe() {
    return describe(runId, job, ds);
  }

  /** "run R (job, ds D)". */
  public static String describe(String runId, String job, LocalDate ds) {
    return "run " + runId + " (" + job + ", ds " + ds + ")";
  }
}
