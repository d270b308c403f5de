package io.proactiveinsights.run;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The logical date a run is for, and the as-of time every window of the run ends at: the end of
 * {@code ds}, D+1 00:00 UTC, never the wall clock. The command makes one and hands it to every job
 * it runs, so a first run, a rerun and a backfill of D all see the same windows.
 */
public record RunDate(LocalDate ds) {

  public RunDate {
    Objects.requireNonNull(ds, "ds");
  }

  public static RunDate of(LocalDate ds) {
    return new RunDate(ds);
  }

  /** The as-of time of a run for ds D: the end of D, D+1 00:00 UTC. */
  public Instant asOf() {
    return ds.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The last {@code days} days up to the as-of time: {@code [asOf - days, asOf)}. */
  public Window trailing(int days) {
    if (days < 0) {
      throw new IllegalArgumentException(
          "Cannot take a trailing window of " + days + " days: the length must not be negative");
    }
    Instant asOf = asOf();
    return new Window(asOf.minus(Duration.ofDays(days)), asOf);
  }

  /** Day D itself, {@code [D 00:00, D+1 00:00)} UTC. */
  public Window day() {
    return trailing(1);
  }

  /** The date as {@code YYYY-MM-DD}, as logs, messages and the run summary print it. */
  @Override
  public String toString() {
    return ds.toString();
  }
}
