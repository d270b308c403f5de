package io.proactiveinsights.delivery.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * A snapshot version the endpoint would not serve, as {@code /readyz} and {@code /metrics} report
 * it while CURRENT names it or it is newer than the version served, and it is on disk.
 *
 * @param version the version folder name, or {@code CURRENT} when the pointer itself is unreadable
 * @param reason the loader's message: which file and what is wrong
 * @param refusedAt when it was last refused
 */
@JsonPropertyOrder({"version", "reason", "refused_at"})
record RefusedVersion(
    @JsonProperty("version") String version,
    @JsonProperty("reason") String reason,
    @JsonProperty("refused_at") Instant refusedAt) {

  /** Stands for a {@code CURRENT} file that does not name a version. */
  static final String CURRENT = "CURRENT";
}
