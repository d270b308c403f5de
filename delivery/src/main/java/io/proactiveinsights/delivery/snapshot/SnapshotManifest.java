package io.proactiveinsights.delivery.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The manifest of one snapshot version ({@code manifest.json}): what was published, when, for which
 * logical date, and the SHA-256 of every file, so a reader can refuse a version that changed or is
 * incomplete. It is also what {@code GET /v1/segments} returns.
 *
 * @param formatVersion the snapshot format ({@link #FORMAT_VERSION}); a reader refuses others
 * @param version the version folder name, e.g. {@code v-2024-05-01-1714608000000}
 * @param ds the logical date the segments were evaluated for
 * @param createdAt when the segments job published it
 * @param dictionary the user-id dictionary file
 * @param segments one entry per segment, in publication order
 */
@JsonPropertyOrder({"format_version", "version", "ds", "created_at", "dictionary", "segments"})
public record SnapshotManifest(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("version") String version,
    @JsonProperty("ds") LocalDate ds,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("dictionary") DictionaryEntry dictionary,
    @JsonProperty("segments") List<SegmentEntry> segments) {

  /** The only format this code reads and writes. */
  public static final int FORMAT_VERSION = 1;

  public SnapshotManifest {
    segments = segments == null ? null : List.copyOf(segments);
  }

  /** The manifest as the JSON written to {@code manifest.json} (snake_case fields, ISO dates). */
  public byte[] toJson() {
    try {
      return SnapshotLayout.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("A manifest record always serialises", e);
    }
  }

  /**
   * The user-id dictionary: index {@code i} of every member set is the {@code i}-th id.
   *
   * @param file file name inside the version folder
   * @param sha256 lowercase hex SHA-256 of the file
   * @param userCount number of ids
   * @param bytes file size
   */
  @JsonPropertyOrder({"file", "sha256", "user_count", "bytes"})
  public record DictionaryEntry(
      @JsonProperty("file") String file,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("user_count") int userCount,
      @JsonProperty("bytes") long bytes) {}

  /**
   * One segment and its member file (a portable-format Roaring bitmap of dictionary indices).
   *
   * @param segmentId the segment id (the message id)
   * @param rule the audience rule text
   * @param runtimeConditions conditions the delivery service decides per request
   * @param memberCount number of members: the people served the message (for a segment with a
   *     holdout, its treatment arm)
   * @param file file name inside the version folder
   * @param sha256 lowercase hex SHA-256 of the file
   * @param bytes file size
   * @param holdoutShare the share of the audience held out as a control group; 0 without a holdout
   *     (and in versions published before holdouts existed)
   * @param heldOut the control group's file; null for a segment without a holdout
   */
  @JsonPropertyOrder({
    "segment_id",
    "rule",
    "runtime_conditions",
    "member_count",
    "file",
    "sha256",
    "bytes",
    "holdout_share",
    "held_out"
  })
  public record SegmentEntry(
      @JsonProperty("segment_id") String segmentId,
      @JsonProperty("rule") String rule,
      @JsonProperty("runtime_conditions") List<String> runtimeConditions,
      @JsonProperty("member_count") long memberCount,
      @JsonProperty("file") String file,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("bytes") long bytes,
      @JsonProperty("holdout_share") Double holdoutShare,
      @JsonProperty("held_out") @JsonInclude(JsonInclude.Include.NON_NULL) HeldOutEntry heldOut) {
    public SegmentEntry {
      runtimeConditions = runtimeConditions == null ? List.of() : List.copyOf(runtimeConditions);
      // Absent from versions published before holdouts existed: those had none.
      holdoutShare = holdoutShare == null ? 0.0 : holdoutShare;
    }
  }

  /**
   * The people of a segment's audience held out as its control group: in the segment's audience,
   * never served the message (a portable-format Roaring bitmap of dictionary indices, disjoint from
   * the members).
   *
   * @param count number of people held out
   * @param file file name inside the version folder
   * @param sha256 lowercase hex SHA-256 of the file
   * @param bytes file size
   */
  @JsonPropertyOrder({"count", "file", "sha256", "bytes"})
  public record HeldOutEntry(
      @JsonProperty("count") long count,
      @JsonProperty("file") String file,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("bytes") long bytes) {}
}
