package io.proactiveinsights.delivery.snapshot;

import java.util.List;
import java.util.Objects;

/**
 * What the manifest says about one segment besides its members: its id (the message id), the
 * audience rule it came from, and the conditions only the delivery service can decide at request
 * time ({@code page.*}, {@code session.*}), kept as rule text.
 */
public record SegmentSpec(String segmentId, String rule, List<String> runtimeConditions) {
  public SegmentSpec {
    Objects.requireNonNull(segmentId, "segmentId");
    Objects.requireNonNull(rule, "rule");
    runtimeConditions = runtimeConditions == null ? List.of() : List.copyOf(runtimeConditions);
  }
}
