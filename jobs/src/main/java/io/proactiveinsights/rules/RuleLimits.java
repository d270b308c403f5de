package io.proactiveinsights.rules;

/**
 * How big an audience rule may be. A rule is one cell of the message catalogue that anyone can
 * edit, and every rule of a run is compiled into one Spark projection: without bounds, one runaway
 * rule (thousands of nested parentheses, a hundred-kilobyte chain of ORs) would overflow the stack
 * or stall the run for every other message. A rule over a limit is that message's syntax error. The
 * values come from {@code audience_rules} in conf.
 *
 * @param maxLength the most characters a rule may have
 * @param maxNesting the most parentheses and NOTs a rule may have open at one point: {@code NOT (a
 *     OR (b AND NOT c))} nests three deep at {@code c}
 */
public record RuleLimits(int maxLength, int maxNesting) {

  public RuleLimits {
    if (maxLength < 1 || maxNesting < 1) {
      throw new IllegalArgumentException(
          "Cannot bound audience rules: both limits must be at least 1 (got max length "
              + maxLength
              + ", max nesting "
              + maxNesting
              + ")");
    }
  }
}
