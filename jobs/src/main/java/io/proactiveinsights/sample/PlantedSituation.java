package io.proactiveinsights.sample;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A situation the sample plants on purpose, and the signal the jobs are expected to raise for it.
 */
public record PlantedSituation(
    @JsonProperty("message_id") String messageId,
    @JsonProperty("situation") String situation,
    @JsonProperty("expected_signal") String expectedSignal) {}
