package io.proactiveinsights.rules;

/**
 * An audience rule that does not parse. The message names the rule, the 1-based column where
 * parsing failed and what was expected there, then shows the rule with a caret under that column:
 *
 * <pre>
 * Cannot parse audience rule "plan = " at column 8: expected a quoted string or a number
 *   plan =
 *          ^
 * </pre>
 *
 * A rule longer than {@value #MAX_SHOWN_CHARS} characters is shown as an excerpt around the column,
 * with its length, so that one line of a log or a JSON summary stays readable:
 *
 * <pre>
 * Cannot parse audience rule "…p1169' OR plan = 'p1170' OR … OR pl…" (106904 characters) at column 20001: …
 * </pre>
 *
 * Every message the parser and tokenizer produce is built here, so their wording stays one.
 */
public final class RuleSyntaxException extends RuntimeException {

  private static final int MAX_FOUND_CHARS = 30;

  /** Longer rules are shown as an excerpt of this many characters around the column. */
  static final int MAX_SHOWN_CHARS = 120;

  private final String rule;
  private final int column;
  private final String problem;

  RuleSyntaxException(String rule, int column, String problem) {
    super(header(rule, column, problem) + "\n" + pointer(rule, column));
    this.rule = rule;
    this.column = column;
    this.problem = problem;
  }

  /** The rule text as given (empty for a missing rule). */
  public String rule() {
    return rule;
  }

  /** The 1-based column where parsing failed; one past the end when the rule ended too soon. */
  public int column() {
    return column;
  }

  /** What was wrong at that column, e.g. {@code expected a quoted string or a number}. */
  public String problem() {
    return problem;
  }

  /** The message's first line alone, for one-line logs and JSON summaries. */
  public String summary() {
    return header(rule, column, problem);
  }

  static RuleSyntaxException expected(String rule, int column, String expected, String found) {
    String problem = "expected " + expected;
    if (found != null) {
      String shown =
          found.length() > MAX_FOUND_CHARS ? found.substring(0, MAX_FOUND_CHARS) + "…" : found;
      problem += ", found " + shown;
    }
    return new RuleSyntaxException(rule, column, problem);
  }

  static RuleSyntaxException problem(String rule, int column, String problem) {
    return new RuleSyntaxException(rule, column, problem);
  }

  static RuleSyntaxException tooLong(String rule, int maxLength) {
    return new RuleSyntaxException(
        rule,
        maxLength + 1,
        "the rule is "
            + rule.length()
            + " characters long, more than the "
            + maxLength
            + " a rule may have (audience_rules.max_length): use fewer, broader conditions, e.g."
            + " one attr.<name> IN (…) instead of many ORs");
  }

  static RuleSyntaxException tooDeep(String rule, int column, int maxNesting) {
    return new RuleSyntaxException(
        rule,
        column,
        "parentheses and NOT nest more than "
            + maxNesting
            + " deep here (audience_rules.max_nesting): flatten the rule, e.g. a OR (b OR c) is a"
            + " OR b OR c, and NOT NOT a is a");
  }

  static RuleSyntaxException missing() {
    return new RuleSyntaxException(
        "", 1, "the rule is empty (write `everyone` to target every user)");
  }

  private static String header(String rule, int column, String problem) {
    Excerpt shown = Excerpt.of(rule, column);
    String length = shown.text().equals(rule) ? "" : " (" + rule.length() + " characters)";
    return "Cannot parse audience rule \""
        + shown.text()
        + "\""
        + length
        + " at column "
        + column
        + ": "
        + problem;
  }

  private static String pointer(String rule, int column) {
    Excerpt shown = Excerpt.of(rule, column);
    StringBuilder line = new StringBuilder("  ");
    for (int i = 0; i < shown.text().length(); i++) {
      char c = shown.text().charAt(i);
      line.append(Character.isISOControl(c) ? ' ' : c);
    }
    return line + "\n" + " ".repeat(shown.column() + 1) + "^";
  }

  /**
   * The part of a rule an error shows: the whole rule when it is short, else {@link
   * #MAX_SHOWN_CHARS} characters around the column with … for what is cut.
   *
   * @param column the error's column within {@code text}
   */
  private record Excerpt(String text, int column) {

    static Excerpt of(String rule, int column) {
      if (rule.length() <= MAX_SHOWN_CHARS) {
        return new Excerpt(rule, column);
      }
      int at = Math.min(column - 1, rule.length());
      int start = Math.max(0, Math.min(at - MAX_SHOWN_CHARS / 2, rule.length() - MAX_SHOWN_CHARS));
      int end = Math.min(rule.length(), start + MAX_SHOWN_CHARS);
      String before = start > 0 ? "…" : "";
      String after = end < rule.length() ? "…" : "";
      return new Excerpt(
          before + rule.substring(start, end) + after, column - start + before.length());
    }
  }
}
