package io.proactiveinsights.rules;

import java.time.Duration;

/** A duration of the rule language: {@code 7d} (days) or {@code 12h} (hours). */
public record RuleDuration(long amount, Unit unit) {

  public enum Unit {
    DAYS('d'),
    HOURS('h');

    private final char suffix;

    Unit(char suffix) {
      this.suffix = suffix;
    }

    public char suffix() {
      return suffix;
    }
  }

  /** The longest duration accepted: 100 years, far beyond any history ingest keeps. */
  public static final Duration MAX = Duration.ofDays(36_500);

  public RuleDuration {
    if (amount < 0 || amount > maxAmount(unit)) {
      throw new IllegalArgumentException(
          "Cannot build duration " + amount + unit.suffix + ": out of range 0.." + maxAmount(unit));
    }
  }

  /** The largest amount of {@code unit} within {@link #MAX}: 36500 days or 876000 hours. */
  public static long maxAmount(Unit unit) {
    return unit == Unit.DAYS ? MAX.toDays() : MAX.toHours();
  }

  public Duration toDuration() {
    return unit == Unit.DAYS ? Duration.ofDays(amount) : Duration.ofHours(amount);
  }

  /** As written in rule text: {@code 7d}. */
  public String text() {
    return amount + String.valueOf(unit.suffix);
  }
}
