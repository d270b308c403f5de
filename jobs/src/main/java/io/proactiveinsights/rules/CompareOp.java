package io.proactiveinsights.rules;

import java.util.Locale;
import java.util.Optional;

/** The comparison operators of the rule language. */
public enum CompareOp {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">="),
  CONTAINS("CONTAINS");

  private final String symbol;

  CompareOp(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in canonical rule text. */
  public String symbol() {
    return symbol;
  }

  /** The operator a symbol or keyword denotes (CONTAINS case-insensitively). */
  public static Optional<CompareOp> fromSymbol(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    for (CompareOp op : values()) {
      if (op.symbol.equals(upper)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
