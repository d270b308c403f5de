package io.proactiveinsights.rules;

/**
 * One token of an audience rule.
 *
 * @param start 0-based offset of the token's first character in the rule
 * @param text the token as written (for strings: the value with quotes removed and '' undone)
 */
record RuleToken(Type type, String text, int start) {

  enum Type {
    /** A word: keyword, field or dotted name ({@code plan}, {@code AND}, {@code attr.seats}). */
    WORD,
    STRING,
    NUMBER,
    DURATION,
    OPERATOR,
    OPEN,
    CLOSE,
    COMMA,
    END
  }

  int column() {
    return start + 1;
  }

  boolean isWord(String keyword) {
    return type == Type.WORD && text.equalsIgnoreCase(keyword);
  }

  /** How the token reads in an error message. */
  String shown() {
    return switch (type) {
      case STRING -> "'" + text.replace("'", "''") + "'";
      case END -> "the end of the rule";
      default -> text;
    };
  }
}
