package io.proactiveinsights.rules;

import java.util.stream.Collectors;

/**
 * Prints a rule as canonical rule text: keywords upper-case ({@code AND}, {@code IN}, {@code
 * WITHIN}), {@code everyone} and field names lower-case, strings single-quoted with {@code ''} for
 * a quote, parentheses only where the tree needs them. {@code
 * RuleParser.parse(RuleRenderer.render(rule), limits)} gives back an equal rule.
 */
public final class RuleRenderer {

  private RuleRenderer() {}

  private static final Rule.Visitor<String> TEXT =
      new Rule.Visitor<>() {
        @Override
        public String or(Rule.Or rule) {
          return rule.operands().stream()
              .map(r -> operand(r, r instanceof Rule.Or))
              .collect(Collectors.joining(" OR "));
        }

        @Override
        public String and(Rule.And rule) {
          return rule.operands().stream()
              .map(r -> operand(r, isJunction(r)))
              .collect(Collectors.joining(" AND "));
        }

        @Override
        public String not(Rule.Not rule) {
          return "NOT " + operand(rule.operand(), isJunction(rule.operand()));
        }

        @Override
        public String everyone(Rule.Everyone rule) {
          return "everyone";
        }

        @Override
        public String compare(Rule.Compare rule) {
          return rule.field().text() + " " + rule.op().symbol() + " " + literal(rule.literal());
        }

        @Override
        public String in(Rule.In rule) {
          return rule.field().text()
              + " IN ("
              + rule.values().stream().map(RuleRenderer::literal).collect(Collectors.joining(", "))
              + ")";
        }

        @Override
        public String within(Rule.Within rule) {
          return rule.field().text() + " WITHIN " + rule.duration().text();
        }

        @Override
        public String before(Rule.Before rule) {
          return rule.field().text() + " BEFORE " + rule.duration().text();
        }

        @Override
        public String eventWithin(Rule.EventWithin rule) {
          return Field.EVENT_PREFIX + rule.eventName() + " WITHIN " + rule.duration().text();
        }

        @Override
        public String eventNever(Rule.EventNever rule) {
          return Field.EVENT_PREFIX + rule.eventName() + " NEVER";
        }

        @Override
        public String runtime(Rule.RuntimeCondition rule) {
          return render(rule.condition());
        }
      };

  public static String render(Rule rule) {
    return rule.accept(TEXT);
  }

  /** A literal as written in rule text: {@code 'it''s'}, {@code 10}, {@code -2.5}. */
  public static String literal(Literal literal) {
    if (literal instanceof Literal.Number n) {
      return n.value().toPlainString();
    }
    return "'" + ((Literal.Text) literal).value().replace("'", "''") + "'";
  }

  private static boolean isJunction(Rule rule) {
    return rule instanceof Rule.Or || rule instanceof Rule.And;
  }

  private static String operand(Rule rule, boolean parenthesise) {
    String text = render(rule);
    return parenthesise ? "(" + text + ")" : text;
  }
}
