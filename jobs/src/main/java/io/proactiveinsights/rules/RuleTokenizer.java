package io.proactiveinsights.rules;

import io.proactiveinsights.rules.RuleToken.Type;

/**
 * Splits an audience rule into tokens on demand, so that the first error reported is the leftmost
 * one. Words are letters, digits, {@code _}, {@code -} and {@code .} (starting with a letter or
 * {@code _}); strings are single-quoted with {@code ''} for a quote; numbers are {@code
 * -?d+(.d+)?}; a whole number directly followed by {@code d} or {@code h} is a duration.
 */
final class RuleTokenizer {

  private final String rule;
  private int pos;

  RuleTokenizer(String rule) {
    this.rule = rule;
  }

  RuleToken next() {
    while (pos < rule.length() && Character.isWhitespace(rule.charAt(pos))) {
      pos++;
    }
    if (pos >= rule.length()) {
      return new RuleToken(Type.END, "", rule.length());
    }
    int start = pos;
    char c = rule.charAt(pos);
    switch (c) {
      case '(' -> {
        pos++;
        return new RuleToken(Type.OPEN, "(", start);
      }
      case ')' -> {
        pos++;
        return new RuleToken(Type.CLOSE, ")", start);
      }
      case ',' -> {
        pos++;
        return new RuleToken(Type.COMMA, ",", start);
      }
      case '=' -> {
        pos++;
        return new RuleToken(Type.OPERATOR, "=", start);
      }
      case '<', '>' -> {
        pos++;
        if (pos < rule.length() && rule.charAt(pos) == '=') {
          pos++;
        }
        return new RuleToken(Type.OPERATOR, rule.substring(start, pos), start);
      }
      case '!' -> {
        if (pos + 1 < rule.length() && rule.charAt(pos + 1) == '=') {
          pos += 2;
          return new RuleToken(Type.OPERATOR, "!=", start);
        }
        throw RuleSyntaxException.problem(
            rule, start + 1, "unexpected character '!' (write != for \"not equal\")");
      }
      case '\'' -> {
        return string(start);
      }
      case '"' ->
          throw RuleSyntaxException.problem(
              rule, start + 1, "strings take single quotes: expected 'text', found a double quote");
      default -> {}
    }
    if (isDigit(c) || (c == '-' && pos + 1 < rule.length() && isDigit(rule.charAt(pos + 1)))) {
      return number(start);
    }
    if (Character.isLetter(c) || c == '_') {
      while (pos < rule.length() && isWordChar(rule.charAt(pos))) {
        pos++;
      }
      return new RuleToken(Type.WORD, rule.substring(start, pos), start);
    }
    throw RuleSyntaxException.problem(
        rule, start + 1, "unexpected character '" + printable(c) + "'");
  }

  private RuleToken string(int start) {
    StringBuilder value = new StringBuilder();
    pos++;
    while (pos < rule.length()) {
      char c = rule.charAt(pos);
      if (c == '\'') {
        if (pos + 1 < rule.length() && rule.charAt(pos + 1) == '\'') {
          value.append('\'');
          pos += 2;
          continue;
        }
        pos++;
        return new RuleToken(Type.STRING, value.toString(), start);
      }
      value.append(c);
      pos++;
    }
    throw RuleSyntaxException.problem(
        rule,
        start + 1,
        "unterminated string: expected a closing quote (') for the string that starts here (write"
            + " '' for a quote inside it)");
  }

  private RuleToken number(int start) {
    if (rule.charAt(pos) == '-') {
      pos++;
    }
    skipDigits();
    boolean fraction = false;
    if (pos < rule.length() && rule.charAt(pos) == '.') {
      pos++;
      if (pos >= rule.length() || !isDigit(rule.charAt(pos))) {
        throw RuleSyntaxException.problem(
            rule, pos + 1, "expected a digit after the decimal point");
      }
      skipDigits();
      fraction = true;
    }
    String digits = rule.substring(start, pos);
    if (pos < rule.length() && isWordChar(rule.charAt(pos))) {
      char unit = Character.toLowerCase(rule.charAt(pos));
      boolean unitEndsWord = pos + 1 >= rule.length() || !isWordChar(rule.charAt(pos + 1));
      if ((unit == 'd' || unit == 'h') && unitEndsWord && !fraction && !digits.startsWith("-")) {
        pos++;
        return new RuleToken(Type.DURATION, rule.substring(start, pos), start);
      }
      throw RuleSyntaxException.problem(
          rule,
          start + 1,
          "expected a number, or a duration of whole days or hours such as 7d or 12h, found "
              + wordAt(start));
    }
    return new RuleToken(Type.NUMBER, digits, start);
  }

  private String wordAt(int start) {
    int end = start;
    while (end < rule.length() && (isWordChar(rule.charAt(end)) || rule.charAt(end) == '-')) {
      end++;
    }
    return rule.substring(start, end);
  }

  private void skipDigits() {
    while (pos < rule.length() && isDigit(rule.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
  }

  private static String printable(char c) {
    return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
