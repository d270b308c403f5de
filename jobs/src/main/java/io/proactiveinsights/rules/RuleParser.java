package io.proactiveinsights.rules;

import io.proactiveinsights.rules.RuleToken.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A recursive-descent parser for audience rules, one method per rule of the grammar:
 *
 * <pre>
 * expr      := term ('OR' term)*
 * term      := factor ('AND' factor)*
 * factor    := 'NOT' factor | '(' expr ')' | 'everyone' | predicate
 * predicate := field op literal | field 'IN' '(' literal (',' literal)* ')'
 *            | field 'WITHIN' duration | field 'BEFORE' duration
 *            | 'event.' name 'WITHIN' duration | 'event.' name 'NEVER'
 * field     := plan | role | signed_up_at | last_seen_at | attr.name | page.name | session.name
 * op        := = | != | &lt; | &lt;= | &gt; | &gt;= | CONTAINS
 * duration  := n 'd' | n 'h'
 * </pre>
 *
 * Keywords, the fixed field names and the {@code attr.}/{@code event.}/{@code page.}/ {@code
 * session.} prefixes are case-insensitive; attribute and event names are kept as written. Besides
 * the grammar the parser checks what a time field accepts (no CONTAINS; strings must be timestamps)
 * and that WITHIN/BEFORE are not applied to plan or role, so such mistakes are reported with their
 * column instead of silently matching nobody.
 *
 * <p>The parser is bounded by {@link RuleLimits}: a rule longer than the limit is refused before it
 * is read, and a parenthesis or NOT that would nest deeper than the limit is an error at its
 * column. So the recursion here, and in everything that walks the tree afterwards (the renderer,
 * {@code segments.RuleCompiler}, Spark's analysis of the compiled column), stays shallow whatever a
 * catalogue holds. A long flat chain of ORs or ANDs is no risk for the recursion: {@code expr} and
 * {@code term} read it in a loop into one {@link Rule.Or} or {@link Rule.And}. A parser is
 * single-use.
 */
public final class RuleParser {

  private static final String CONDITION =
      "a condition (a field such as plan, role, signed_up_at, last_seen_at or attr.<name>;"
          + " event.<name>; everyone; NOT; or '(')";
  private static final String FIELDS =
      "plan, role, signed_up_at, last_seen_at, attr.<name>, event.<name>, page.<name> or"
          + " session.<name>";
  private static final String OPERATOR =
      "an operator (=, !=, <, <=, >, >=, CONTAINS, IN, WITHIN or BEFORE)";
  private static final String LITERAL = "a quoted string or a number";
  private static final String DURATION = "a duration such as 7d or 12h";

  private final String rule;
  private final RuleLimits limits;
  private final RuleTokenizer tokens;
  private RuleToken current;

  /** How many parentheses and NOTs are open at the current token. */
  private int nesting;

  private RuleParser(String rule, RuleLimits limits) {
    this.rule = rule;
    this.limits = limits;
    this.tokens = new RuleTokenizer(rule);
    this.current = tokens.next();
  }

  /**
   * Parses one audience rule.
   *
   * @throws RuleSyntaxException naming the column where parsing failed and what was expected, or
   *     where the rule went over one of the limits
   */
  public static Rule parse(String rule, RuleLimits limits) {
    if (rule == null) {
      throw RuleSyntaxException.missing();
    }
    if (rule.length() > limits.maxLength()) {
      throw RuleSyntaxException.tooLong(rule, limits.maxLength());
    }
    RuleParser parser = new RuleParser(rule, limits);
    Rule parsed = parser.expr();
    if (parser.current.type() != Type.END) {
      throw parser.expected(
          parser.current.type() == Type.CLOSE
              ? "AND, OR or the end of the rule (this ')' closes nothing)"
              : "AND, OR or the end of the rule");
    }
    return parsed;
  }

  private Rule expr() {
    List<Rule> terms = new ArrayList<>(List.of(term()));
    while (current.isWord("OR")) {
      advance();
      terms.add(term());
    }
    return terms.size() == 1 ? terms.get(0) : new Rule.Or(terms);
  }

  private Rule term() {
    List<Rule> factors = new ArrayList<>(List.of(factor()));
    while (current.isWord("AND")) {
      advance();
      factors.add(factor());
    }
    return factors.size() == 1 ? factors.get(0) : new Rule.And(factors);
  }

  private Rule factor() {
    if (current.isWord("NOT")) {
      open();
      Rule negated = new Rule.Not(factor());
      nesting--;
      return negated;
    }
    if (current.type() == Type.OPEN) {
      int openColumn = current.column();
      open();
      Rule inner = expr();
      expect(Type.CLOSE, "AND, OR or ')' to close the '(' at column " + openColumn);
      nesting--;
      return inner;
    }
    if (current.isWord("everyone")) {
      advance();
      return new Rule.Everyone();
    }
    if (current.type() != Type.WORD || isKeyword(current.text())) {
      throw expected(CONDITION);
    }
    return predicate();
  }

  private Rule predicate() {
    RuleToken fieldToken = current;
    String word = fieldToken.text();
    String lower = word.toLowerCase(Locale.ROOT);
    if (lower.startsWith(Field.EVENT_PREFIX)) {
      return eventPredicate(fieldToken, suffix(fieldToken, Field.EVENT_PREFIX, "an event name"));
    }
    Field field;
    if (lower.startsWith(Field.ATTRIBUTE_PREFIX)) {
      field = Field.attribute(suffix(fieldToken, Field.ATTRIBUTE_PREFIX, "an attribute name"));
    } else if (lower.startsWith(Field.PAGE_PREFIX)) {
      field =
          Field.runtime(
              Field.PAGE_PREFIX + suffix(fieldToken, Field.PAGE_PREFIX, "a page field name"));
    } else if (lower.startsWith(Field.SESSION_PREFIX)) {
      field =
          Field.runtime(
              Field.SESSION_PREFIX
                  + suffix(fieldToken, Field.SESSION_PREFIX, "a session field name"));
    } else {
      field =
          switch (lower) {
            case "plan" -> Field.PLAN;
            case "role" -> Field.ROLE;
            case "signed_up_at" -> Field.SIGNED_UP_AT;
            case "last_seen_at" -> Field.LAST_SEEN_AT;
            default ->
                throw RuleSyntaxException.problem(
                    rule, fieldToken.column(), "unknown field " + word + ": expected " + FIELDS);
          };
    }
    advance();
    Rule condition = fieldCondition(field);
    return field.kind() == Field.Kind.RUNTIME ? new Rule.RuntimeCondition(condition) : condition;
  }

  private Rule fieldCondition(Field field) {
    RuleToken opToken = current;
    if (opToken.isWord("IN")) {
      advance();
      expect(Type.OPEN, "'(' to start the list of values after IN");
      List<Literal> values = new ArrayList<>(List.of(literal(field)));
      while (current.type() == Type.COMMA) {
        advance();
        values.add(literal(field));
      }
      expect(Type.CLOSE, "',' or ')' in the list of values after IN");
      return new Rule.In(field, values);
    }
    if (opToken.isWord("WITHIN") || opToken.isWord("BEFORE")) {
      if (field.kind() == Field.Kind.PLAN || field.kind() == Field.Kind.ROLE) {
        throw RuleSyntaxException.problem(
            rule,
            opToken.column(),
            opToken.text().toUpperCase(Locale.ROOT)
                + " needs a time, and "
                + field.text()
                + " is not one (use it with signed_up_at, last_seen_at, attr.<name> or"
                + " event.<name>)");
      }
      advance();
      RuleDuration duration = duration();
      return opToken.isWord("WITHIN")
          ? new Rule.Within(field, duration)
          : new Rule.Before(field, duration);
    }
    Optional<CompareOp> op =
        opToken.type() == Type.OPERATOR || opToken.isWord("CONTAINS")
            ? CompareOp.fromSymbol(opToken.text())
            : Optional.empty();
    if (op.isEmpty()) {
      throw expected(OPERATOR + " after " + field.text());
    }
    if (op.get() == CompareOp.CONTAINS && field.kind().isTime()) {
      throw RuleSyntaxException.problem(
          rule,
          opToken.column(),
          "CONTAINS does not apply to "
              + field.text()
              + ", a time (use WITHIN, BEFORE or compare with a timestamp such as "
              + TimeLiterals.EXAMPLE
              + ")");
    }
    advance();
    return new Rule.Compare(field, op.get(), literal(field));
  }

  private Rule eventPredicate(RuleToken fieldToken, String eventName) {
    advance();
    if (current.isWord("WITHIN")) {
      advance();
      return new Rule.EventWithin(eventName, duration());
    }
    if (current.isWord("NEVER")) {
      advance();
      return new Rule.EventNever(eventName);
    }
    throw expected("WITHIN or NEVER after " + fieldToken.text());
  }

  private Literal literal(Field field) {
    RuleToken token = current;
    Literal literal =
        switch (token.type()) {
          case STRING -> Literal.text(token.text());
          case NUMBER -> Literal.number(token.text());
          default -> throw expected(LITERAL);
        };
    if (field.kind().isTime() && TimeLiterals.instant(literal).isEmpty()) {
      throw RuleSyntaxException.problem(
          rule,
          token.column(),
          "expected a timestamp with Z or an offset such as "
              + TimeLiterals.EXAMPLE
              + ", a date such as '2024-05-01' or epoch seconds for "
              + field.text()
              + ", found "
              + token.shown());
    }
    advance();
    return literal;
  }

  private RuleDuration duration() {
    RuleToken token = current;
    if (token.type() != Type.DURATION) {
      throw expected(DURATION);
    }
    String text = token.text();
    char unit = Character.toLowerCase(text.charAt(text.length() - 1));
    long amount;
    try {
      amount = Long.parseLong(text.substring(0, text.length() - 1));
    } catch (NumberFormatException tooLong) {
      amount = Long.MAX_VALUE;
    }
    RuleDuration.Unit durationUnit = unit == 'd' ? RuleDuration.Unit.DAYS : RuleDuration.Unit.HOURS;
    if (amount > RuleDuration.maxAmount(durationUnit)) {
      throw RuleSyntaxException.problem(
          rule,
          token.column(),
          "duration "
              + text
              + " is too long (at most "
              + RuleDuration.maxAmount(durationUnit)
              + durationUnit.suffix()
              + ", 100 years)");
    }
    advance();
    return new RuleDuration(amount, durationUnit);
  }

  /**
   * The name after a prefix such as {@code attr.}; a bare prefix is an error at the column after
   * it.
   */
  private String suffix(RuleToken token, String prefix, String what) {
    String name = token.text().substring(prefix.length());
    if (name.isEmpty()) {
      RuleToken after = new RuleToken(Type.END, "", token.start() + token.text().length());
      throw RuleSyntaxException.expected(
          rule, after.column(), what + " after " + token.text(), null);
    }
    return name;
  }

  /** Steps over a '(' or NOT, which nests one level deeper: an error past the limit. */
  private void open() {
    if (nesting == limits.maxNesting()) {
      throw RuleSyntaxException.tooDeep(rule, current.column(), limits.maxNesting());
    }
    nesting++;
    advance();
  }

  private void expect(Type type, String what) {
    if (current.type() != type) {
      throw expected(what);
    }
    advance();
  }

  private RuleSyntaxException expected(String what) {
    return RuleSyntaxException.expected(
        rule, current.column(), what, current.type() == Type.END ? null : current.shown());
  }

  private void advance() {
    current = tokens.next();
  }

  private static boolean isKeyword(String word) {
    return switch (word.toUpperCase(Locale.ROOT)) {
      case "AND", "OR", "NOT", "IN", "WITHIN", "BEFORE", "NEVER", "CONTAINS" -> true;
      default -> false;
    };
  }
}
