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
 * Every message the parser and tokenizer produce is built here, so their wording stays one.
 */
public final class RuleSyntaxException extends RuntimeException {

  private static final int MAX_FOUND_CHARS = 30;

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

  static RuleSyntaxException missing() {
    return new RuleSyntaxException(
        "", 1, "the rule is empty (write `everyone` to target every user)");
  }

  private static String header(String rule, int column, String problem) {
    return "Cannot parse audience rule \"" + rule + "\" at column " + column + ": " + problem;
  }

  private static String pointer(String rule, int column) {
    StringBuilder line = new StringBuilder("  ");
    for (int i = 0; i < rule.length(); i++) {
      char c = rule.charAt(i);
      line.append(Character.isISOControl(c) ? ' ' : c);
    }
    return line + "\n" + " ".repeat(column + 1) + "^";
  }
}
