package io.proactiveinsights.delivery.snapshot;

import java.nio.file.Path;

/**
 * Every user-facing message of the snapshot format, in one place, each in the form "Cannot &lt;do
 * X&gt;: &lt;what is wrong&gt; (&lt;detail, how to fix&gt;)". Messages never quote a user id.
 */
final class SnapshotErrors {
  private static final String REPUBLISH =
      "the version was changed or damaged after publishing; rerun the segments job to publish a new"
          + " one";

  private SnapshotErrors() {}

  // Writing.

  static String badKeepVersions(int keep) {
    return "Cannot publish snapshots: keepVersions must be at least 1, got " + keep;
  }

  static String versionExists(String version) {
    return "Cannot begin snapshot version: "
        + version
        + " already exists (pass a later createdAt; versions are never overwritten)";
  }

  static String emptyUserId(int position) {
    return "Cannot write the user dictionary: the user id at position "
        + position
        + " is null or empty (drop such rows before publishing)";
  }

  static String userIdsOutOfOrder(int position, boolean duplicate) {
    return "Cannot write the user dictionary: the user id at position "
        + position
        + (duplicate ? " repeats the one at position " : " sorts before the one at position ")
        + (position - 1)
        + "; ids must be distinct and strictly ascending in UTF-8 byte order, Spark's string order"
        + " (select distinct user_id ordered by user_id)";
  }

  static String dictionaryTooLarge(int count) {
    return "Cannot write the user dictionary: the ids exceed 2 GiB of UTF-8 after "
        + count
        + " ids (the format keeps 32-bit offsets)";
  }

  static String dictionaryTwice(String version) {
    return "Cannot write the user dictionary of " + version + ": it was already written";
  }

  static String segmentBeforeDictionary(String segmentId) {
    return "Cannot add segment '"
        + segmentId
        + "': write the dictionary first (members are dictionary indices)";
  }

  static String badSegmentId(String segmentId, String problem) {
    return "Cannot add segment '"
        + segmentId
        + "': the endpoint could not serve this id because "
        + problem
        + " (check it with SnapshotIds.segmentIdProblem and skip or rename the message)";
  }

  static String badHoldoutShare(String segmentId, double share) {
    return "Cannot add segment '"
        + segmentId
        + "': holdout share "
        + share
        + " is outside 0..0.5 (the share of the audience held out as a control group)";
  }

  static String heldOutMember(String segmentId, long index) {
    return "Cannot add segment '"
        + segmentId
        + "': dictionary index "
        + index
        + " is both a member and held out (a held-out person is in the control group and is not"
        + " served the message; pass them in one set only)";
  }

  static String duplicateSegment(String segmentId) {
    return "Cannot add segment '" + segmentId + "': it was already added to this version";
  }

  static String memberOutsideDictionary(String segmentId, long index, int users) {
    return "Cannot add segment '"
        + segmentId
        + "': member index "
        + index
        + " is outside the dictionary of "
        + users
        + " users (indices run 0.."
        + (users - 1)
        + ")";
  }

  static String publishWithoutDictionary(String version) {
    return "Cannot publish " + version + ": no dictionary was written (call writeDictionary first)";
  }

  static String publicationFinished(String action, String version) {
    return "Cannot " + action + ": publication " + version + " is already published or closed";
  }

  static String writtenFileChanged(Path file, String expected, String actual) {
    return "Cannot publish: "
        + file
        + " changed after it was written (sha256 was "
        + expected
        + ", is now "
        + actual
        + "; check the disk and rerun)";
  }

  // Opening.

  static String badObjectStoreLocation(String location) {
    return "Cannot open snapshots at "
        + location
        + ": no bucket (expected s3://<bucket>/<prefix>, the warehouse's serving folder)";
  }

  // Reading.

  static String nothingPublished(Path root) {
    return "Cannot load a snapshot: "
        + root
        + " has no CURRENT file yet"
        + " (run the segments job, which publishes there)";
  }

  static String badCurrent(String current, String content) {
    String shown = content.length() > 80 ? content.substring(0, 80) + "…" : content;
    return "Cannot load a snapshot: "
        + current
        + " does not name a version folder (it holds '"
        + shown.replaceAll("\\p{Cntrl}", "?")
        + "', expected v-<ds>-<13-digit millis>)";
  }

  static String missingManifest(Path versionDir) {
    return "Cannot load snapshot "
        + versionDir
        + ": manifest.json is missing"
        + " (the folder is incomplete; only SnapshotPublisher should write there)";
  }

  static String unreadableManifest(Path manifest, String detail) {
    return "Cannot load snapshot: " + manifest + " is not a valid manifest (" + detail + ")";
  }

  static String unsupportedFormat(Path manifest, int format) {
    return "Cannot load snapshot: "
        + manifest
        + " has format_version "
        + format
        + ", this endpoint reads "
        + SnapshotManifest.FORMAT_VERSION
        + " (upgrade the endpoint or republish with a matching segments job)";
  }

  static String badManifest(Path manifest, String problem) {
    return "Cannot load snapshot: " + manifest + " is inconsistent: " + problem;
  }

  static String missingFile(Path file) {
    return "Cannot load snapshot: "
        + file
        + " is missing, though the manifest lists it ("
        + REPUBLISH
        + ")";
  }

  static String sizeMismatch(Path file, long expected, long actual) {
    return "Cannot load snapshot: "
        + file
        + " has "
        + actual
        + " bytes, the manifest says "
        + expected
        + (actual < expected ? " (truncated; " : " (")
        + REPUBLISH
        + ")";
  }

  static String checksumMismatch(Path file, String expected, String actual) {
    return "Cannot load snapshot: checksum mismatch for "
        + file
        + " (manifest sha256 "
        + expected
        + ", file has "
        + actual
        + "; "
        + REPUBLISH
        + ")";
  }

  static String notADictionary(String file) {
    return "Cannot load snapshot: " + file + " is not a user dictionary (bad header)";
  }

  static String dictionaryLayout(String file, int count, int dataLength, int fileLength) {
    return "Cannot load snapshot: "
        + file
        + " is damaged ("
        + count
        + " ids and "
        + dataLength
        + " bytes of ids do not fit a file of "
        + fileLength
        + " bytes)";
  }

  static String dictionaryOffsets(String file, int index) {
    return "Cannot load snapshot: "
        + file
        + " is damaged (offset of id "
        + index
        + " does not increase)";
  }

  static String userCountMismatch(String versionDir, int manifestCount, int fileCount) {
    return "Cannot load snapshot "
        + versionDir
        + ": the manifest says "
        + manifestCount
        + " users, the dictionary holds "
        + fileCount;
  }

  static String notABitmap(Path file, String detail) {
    return "Cannot load snapshot: " + file + " is not a portable Roaring bitmap (" + detail + ")";
  }

  static String memberCountMismatch(Path file, long manifestCount, long fileCount) {
    return "Cannot load snapshot: "
        + file
        + " holds "
        + fileCount
        + " members, the manifest says "
        + manifestCount;
  }

  static String memberBeyondDictionary(Path file, long index, int users) {
    return "Cannot load snapshot: "
        + file
        + " holds member index "
        + index
        + " but the dictionary has "
        + users
        + " users";
  }

  // Lookups.

  static String heldOutAlsoMember(Path file, String segmentId) {
    return "Cannot load snapshot: "
        + file
        + " holds people who are also members of segment '"
        + segmentId
        + "' (a person is served or held out, never both; "
        + REPUBLISH
        + ")";
  }

  static String unknownSegment(String version) {
    return "No such segment in snapshot " + version;
  }
}
