package io.proactiveinsights.hygiene;

import java.util.Locale;

/**
 * How urgent a flag is: {@code high} hurts customers today, {@code medium} wastes reach, {@code
 * low} is housekeeping.
 */
public enum Severity {
  HIGH,
  MEDIUM,
  LOW;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
