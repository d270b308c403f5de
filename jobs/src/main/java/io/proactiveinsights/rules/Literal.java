package io.proactiveinsights.rules;

import java.math.BigDecimal;
import java.util.Objects;

/** A literal of the rule language: a single-quoted string or a number. */
public sealed interface Literal permits Literal.Text, Literal.Number {

  /** {@code 'Pro'}: compared exactly (case-sensitive). */
  record Text(String value) implements Literal {
    public Text {
      Objects.requireNonNull(value, "value");
    }
  }

  /** {@code 10}, {@code -2.5}: compared numerically. */
  record Number(BigDecimal value) implements Literal {
    public Number {
      Objects.requireNonNull(value, "value");
    }
  }

  static Text text(String value) {
    return new Text(value);
  }

  static Number number(String value) {
    return new Number(new BigDecimal(value));
  }
}
