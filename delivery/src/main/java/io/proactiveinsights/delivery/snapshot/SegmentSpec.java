package io.proactiveinsights.delivery.snapshot;

import io.proactiveinsights.delivery.holdout.HoldoutArm;
import java.util.List;
import java.util.Objects;

/**
 * What the manifest says about one segment besides its members: its id (the message id), the
 * audience rule it came from, the conditions only the delivery service can decide at request time
 * ({@code page.*}, {@code session.*}), kept as rule text, and the share of the audience held out as
 * a control group (0: no holdout; see {@link HoldoutArm}).
 */
public record SegmentSpec(
    String segmentId, String rule, List<String> runtimeConditions, double holdoutShare) {
  public SegmentSpec {
    Objects.requireNonNull(segmentId, "segmentId");
    Objects.requireNonNull(rule, "rule");
    runtimeConditions = runtimeConditions == null ? List.of() : List.copyOf(runtimeConditions);
    if (!(holdoutShare >= 0 && holdoutShare <= HoldoutArm.MAX_SHARE)) {
      throw new IllegalArgumentException(SnapshotErrors.badHoldoutShare(segmentId, holdoutShare));
    }
  }

  /** A segment without a holdout. */
  public SegmentSpec(String segmentId, String rule, List<String> runtimeConditions) {
    this(segmentId, rule, runtimeConditions, 0);
  }
}
