package io.proactiveinsights.delivery.server;

import io.proactiveinsights.delivery.snapshot.LoadedSnapshot;
import java.time.Instant;

/**
 * A loaded snapshot plus the response bodies that only depend on it, built once at load time so the
 * hot membership route writes precomputed bytes.
 */
record ServedSnapshot(
    LoadedSnapshot snapshot,
    Instant loadedAt,
    byte[] manifestJson,
    byte[] memberTrue,
    byte[] memberFalse,
    byte[] heldOut) {

  static ServedSnapshot of(LoadedSnapshot snapshot, Instant loadedAt) {
    String version = Json.string(snapshot.version());
    return new ServedSnapshot(
        snapshot,
        loadedAt,
        snapshot.manifest().toJson(),
        Json.bytes("{\"member\":true,\"version\":" + version + "}"),
        Json.bytes("{\"member\":false,\"version\":" + version + "}"),
        Json.bytes("{\"member\":false,\"held_out\":true,\"version\":" + version + "}"));
  }

  /** The precomputed membership answer. */
  byte[] membershipBody(LoadedSnapshot.Membership membership) {
    return switch (membership) {
      case MEMBER -> memberTrue;
      case HELD_OUT -> heldOut;
      case NOT_MEMBER -> memberFalse;
    };
  }

  String version() {
    return snapshot.version();
  }
}
