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

  /** Largest amount accepted: 100 years in days (keeps every duration far from overflow). */
  public static final long MAX_AMOUNT = 36_500L * 24;

  public RuleDuration {
    if (amount < 0 || amount > MAX_AMOUNT) {
      throw new IllegalArgumentException("Cannot build duration " + amount + unit.suffix + ": out of range 0.." + MAX_AMOUNT);
    }
  }

  public Duration toDuration() {
    return unit == Unit.DAYS ? Duration.ofDays(amount) : Duration.ofHours(amount);
  }

  /** As written in rule text: {@code 7d}. */
  public String text() {
    return amount + String.valueOf(unit.suffix);
  }
}
