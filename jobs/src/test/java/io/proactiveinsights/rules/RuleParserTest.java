package io.proactiveinsights.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.rules.Rule.And;
import io.proactiveinsights.rules.Rule.Before;
import io.proactiveinsights.rules.Rule.Compare;
import io.proactiveinsights.rules.Rule.EventNever;
import io.proactiveinsights.rules.Rule.EventWithin;
import io.proactiveinsights.rules.Rule.Everyone;
import io.proactiveinsights.rules.Rule.In;
import io.proactiveinsights.rules.Rule.Not;
import io.proactiveinsights.rules.Rule.Or;
import io.proactiveinsights.rules.Rule.RuntimeCondition;
import io.proactiveinsights.rules.Rule.Within;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuleParserTest {

  private static final Rule PLAN_PRO = new Compare(Field.PLAN, CompareOp.EQ, Literal.text("Pro"));
  private static final Rule LEAD = new Compare(Field.ROLE, CompareOp.EQ, Literal.text("lead"));
  private static final Rule BETA =
      new Compare(Field.attribute("beta"), CompareOp.EQ, Literal.text("true"));

  @Test
  void parsesEachKindOfCondition() {
    assertThat(RuleParser.parse("everyone")).isEqualTo(new Everyone());
    assertThat(RuleParser.parse("plan = 'Pro'")).isEqualTo(PLAN_PRO);
    assertThat(RuleParser.parse("attr.seats >= 10"))
        .isEqualTo(
            new Compare(
                Field.attribute("seats"), CompareOp.GE, new Literal.Number(new BigDecimal("10"))));
    assertThat(RuleParser.parse("attr.company-size != 'small'"))
        .isEqualTo(
            new Compare(Field.attribute("company-size"), CompareOp.NE, Literal.text("small")));
    assertThat(RuleParser.parse("attr.score < -2.5"))
        .isEqualTo(
            new Compare(
                Field.attribute("score"),
                CompareOp.LT,
                new Literal.Number(new BigDecimal("-2.5"))));
    assertThat(RuleParser.parse("attr.email CONTAINS '@acme.com'"))
        .isEqualTo(
            new Compare(Field.attribute("email"), CompareOp.CONTAINS, Literal.text("@acme.com")));
    assertThat(RuleParser.parse("plan IN ('Pro', 'Premium')"))
        .isEqualTo(new In(Field.PLAN, List.of(Literal.text("Pro"), Literal.text("Premium"))));
    assertThat(RuleParser.parse("attr.tier IN (1,2 , 'gold')"))
        .isEqualTo(
            new In(
                Field.attribute("tier"),
                List.of(Literal.number("1"), Literal.number("2"), Literal.text("gold"))));
    assertThat(RuleParser.parse("last_seen_at WITHIN 7d"))
        .isEqualTo(new Within(Field.LAST_SEEN_AT, new RuleDuration(7, RuleDuration.Unit.DAYS)));
    assertThat(RuleParser.parse("signed_up_at BEFORE 36h"))
        .isEqualTo(new Before(Field.SIGNED_UP_AT, new RuleDuration(36, RuleDuration.Unit.HOURS)));
    assertThat(RuleParser.parse("signed_up_at < '2024-01-01T00:00:00Z'"))
        .isEqualTo(
            new Compare(Field.SIGNED_UP_AT, CompareOp.LT, Literal.text("2024-01-01T00:00:00Z")));
    assertThat(RuleParser.parse("event.export_completed WITHIN 14d"))
        .isEqualTo(
            new EventWithin("export_completed", new RuleDuration(14, RuleDuration.Unit.DAYS)));
    assertThat(RuleParser.parse("event.report.created NEVER"))
        .isEqualTo(new EventNever("report.created"));
  }

  @Test
  void keywordsFieldNamesAndPrefixesAreCaseInsensitiveButNamesAreKept() {
    assertThat(RuleParser.parse("PLAN in ('Pro') and NOT Role = 'lead' Or EVERYONE"))
        .isEqualTo(
            new Or(
                List.of(
                    new And(
                        List.of(new In(Field.PLAN, List.of(Literal.text("Pro"))), new Not(LEAD))),
                    new Everyone())));
    assertThat(RuleParser.parse("ATTR.Beta_Tester = 'true'"))
        .isEqualTo(new Compare(Field.attribute("Beta_Tester"), CompareOp.EQ, Literal.text("true")));
    assertThat(RuleParser.parse("Event.Signup within 7D"))
        .isEqualTo(new EventWithin("Signup", new RuleDuration(7, RuleDuration.Unit.DAYS)));
    assertThat(RuleParser.parse("attr.note contains 'x'"))
        .isEqualTo(new Compare(Field.attribute("note"), CompareOp.CONTAINS, Literal.text("x")));
  }

  @Test
  void notBindsTighterThanAndWhichBindsTighterThanOr() {
    assertThat(RuleParser.parse("plan = 'Pro' OR role = 'lead' AND attr.beta = 'true'"))
        .isEqualTo(new Or(List.of(PLAN_PRO, new And(List.of(LEAD, BETA)))));
    assertThat(RuleParser.parse("plan = 'Pro' AND role = 'lead' OR attr.beta = 'true'"))
        .isEqualTo(new Or(List.of(new And(List.of(PLAN_PRO, LEAD)), BETA)));
    assertThat(RuleParser.parse("NOT plan = 'Pro' AND role = 'lead'"))
        .isEqualTo(new And(List.of(new Not(PLAN_PRO), LEAD)));
    assertThat(RuleParser.parse("NOT NOT plan = 'Pro'")).isEqualTo(new Not(new Not(PLAN_PRO)));
  }

  @Test
  void parenthesesOverridePrecedence() {
    assertThat(RuleParser.parse("(plan = 'Pro' OR role = 'lead') AND attr.beta = 'true'"))
        .isEqualTo(new And(List.of(new Or(List.of(PLAN_PRO, LEAD)), BETA)));
    assertThat(RuleParser.parse("NOT (plan = 'Pro' AND role = 'lead')"))
        .isEqualTo(new Not(new And(List.of(PLAN_PRO, LEAD))));
    assertThat(RuleParser.parse("((plan = 'Pro'))")).isEqualTo(PLAN_PRO);
    assertThat(RuleParser.parse("plan = 'Pro' AND (role = 'lead' AND attr.beta = 'true')"))
        .isEqualTo(new And(List.of(PLAN_PRO, new And(List.of(LEAD, BETA)))));
  }

  @Test
  void stringsTakeDoubledQuotesAndKeepSpacesAndCase() {
    assertThat(RuleParser.parse("attr.company = 'O''Brien & Sons '"))
        .isEqualTo(
            new Compare(Field.attribute("company"), CompareOp.EQ, Literal.text("O'Brien & Sons ")));
    assertThat(RuleParser.parse("plan = ''"))
        .isEqualTo(new Compare(Field.PLAN, CompareOp.EQ, Literal.text("")));
  }

  @Test
  void numbersAndStringsAreDifferentLiterals() {
    assertThat(((Compare) RuleParser.parse("attr.seats = 10")).literal())
        .isInstanceOf(Literal.Number.class);
    assertThat(((Compare) RuleParser.parse("attr.seats = '10'")).literal())
        .isInstanceOf(Literal.Text.class);
  }

  @Test
  void pageAndSessionFieldsBecomeRuntimeConditions() {
    Rule rule =
        RuleParser.parse("plan = 'Pro' AND Page.url CONTAINS '/billing' AND NOT session.count > 3");

    assertThat(rule)
        .isEqualTo(
            new And(
                List.of(
                    PLAN_PRO,
                    new RuntimeCondition(
                        new Compare(
                            Field.runtime("page.url"),
                            CompareOp.CONTAINS,
                            Literal.text("/billing"))),
                    new Not(
                        new RuntimeCondition(
                            new Compare(
                                Field.runtime("session.count"),
                                CompareOp.GT,
                                Literal.number("3")))))));
    assertThat(rule.runtimeConditions())
        .extracting(RuleRenderer::render)
        .containsExactly("page.url CONTAINS '/billing'", "session.count > 3");
    assertThat(RuleParser.parse("session.started_at WITHIN 1h"))
        .isInstanceOf(RuntimeCondition.class);
  }

  @Test
  void collectsTheEventNamesARuleUses() {
    assertThat(
            RuleParser.parse("event.b NEVER OR (event.a WITHIN 7d AND NOT event.b WITHIN 1d)")
                .eventNames())
        .containsExactly("a", "b");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plan =|7|expected a quoted string or a number",
        "plan = 'Pro' AND|17|expected a condition",
        "plna = 'Pro'|1|unknown field plna: expected plan, role, signed_up_at, last_seen_at,"
            + " attr.<name>, event.<name>",
        "plan == 'Pro'|7|expected a quoted string or a number, found =",
        "plan = Pro|8|expected a quoted string or a number, found Pro",
        "plan = 'Pro' plan = 'Free'|14|expected AND, OR or the end of the rule, found plan",
        "(plan = 'Pro'|14|expected AND, OR or ')' to close the '(' at column 1",
        "plan = 'Pro')|13|this ')' closes nothing",
        "plan IN 'Pro'|9|expected '(' to start the list of values after IN, found 'Pro'",
        "plan IN ('Pro' 'Premium')|16|expected ',' or ')' in the list of values after IN, found"
            + " 'Premium'",
        "plan IN ()|10|expected a quoted string or a number, found )",
        "plan = 'Pro|8|unterminated string",
        "plan = \"Pro\"|8|strings take single quotes",
        "last_seen_at WITHIN 7|21|expected a duration such as 7d or 12h, found 7",
        "last_seen_at WITHIN 7w|21|expected a number, or a duration of whole days or hours such as"
            + " 7d or 12h, found 7w",
        "last_seen_at WITHIN 1.5d|21|duration of whole days or hours",
        "last_seen_at WITHIN|20|expected a duration such as 7d or 12h",
        "last_seen_at WITHIN 36501d|21|duration 36501d is too long (at most 36500d, 100 years)",
        "last_seen_at WITHIN 99999999999999999999h|21|is too long (at most 876000h",
        "plan WITHIN 7d|6|WITHIN needs a time, and plan is not one",
        "signed_up_at CONTAINS '2024'|14|CONTAINS does not apply to signed_up_at",
        "signed_up_at > 'yesterday'|16|expected a timestamp with Z or an offset",
        "event.signup = 'x'|14|expected WITHIN or NEVER after event.signup, found =",
        "event. NEVER|7|expected an event name after event.",
        "attr. = 'x'|6|expected an attribute name after attr.",
        "plan # 'x'|6|unexpected character '#'",
        "plan ! 'x'|6|unexpected character '!'",
        "AND plan = 'x'|1|expected a condition",
        "NOT|4|expected a condition",
        "plan 'Pro'|6|expected an operator (=, !=, <, <=, >, >=, CONTAINS, IN, WITHIN or BEFORE)"
            + " after plan, found 'Pro'",
        "attr.x = 3.|12|expected a digit after the decimal point",
      })
  void reportsTheColumnAndWhatWasExpected(String rule, int column, String expected) {
    assertThatThrownBy(() -> RuleParser.parse(rule))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class,
            e -> {
              assertThat(e.column()).isEqualTo(column);
              assertThat(e.rule()).isEqualTo(rule);
            })
        .hasMessageStartingWith(
            "Cannot parse audience rule \"" + rule + "\" at column " + column + ": ")
        .hasMessageContaining(expected);
  }

  @Test
  void theMessageShowsTheRuleWithACaretUnderTheColumn() {
    assertThatThrownBy(() -> RuleParser.parse("plan = "))
        .hasMessage(
            "Cannot parse audience rule \"plan = \" at column 8: expected a quoted string or a"
                + " number\n"
                + "  plan = \n"
                + "         ^");
    assertThatThrownBy(() -> RuleParser.parse("role = 'lead' AND\tplna = 'x'"))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class, e -> assertThat(e.summary()).doesNotContain("\n"))
        .hasMessageEndingWith("  role = 'lead' AND plna = 'x'\n" + " ".repeat(2 + 18) + "^");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void anEmptyRuleIsAnErrorAtColumnOne(String rule) {
    assertThatThrownBy(() -> RuleParser.parse(rule))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("expected a condition");
    assertThatThrownBy(() -> RuleParser.parse(null))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("the rule is empty");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "everyone",
        "plan = 'Pro'",
        "plan IN ('Pro', 'Premium')",
        "attr.beta_tester = 'true'",
        "signed_up_at WITHIN 60d",
        "role = 'lead' AND last_seen_at WITHIN 30d",
        "NOT (plan = 'Free' OR role = 'user') AND attr.seats >= 10.50",
        "plan = 'Pro' OR role = 'lead' AND NOT NOT attr.x CONTAINS 'it''s'",
        "(plan = 'Pro' OR role = 'lead') AND (attr.a = 1 OR attr.b != -2)",
        "plan = 'Pro' AND (role = 'lead' AND attr.beta = 'true')",
        "plan = 'Pro' OR (role = 'lead' OR attr.beta = 'true')",
        "event.export_completed WITHIN 14d AND event.report.created NEVER",
        "last_seen_at BEFORE 12h AND signed_up_at >= '2024-01-01T00:00:00+02:00' AND signed_up_at <"
            + " 1714521600",
        "page.url CONTAINS '/billing' AND NOT session.count > 3 AND session.platform IN ('ios',"
            + " 'android')",
      })
  void renderingIsCanonicalAndParsesBackToTheSameRule(String text) {
    Rule rule = RuleParser.parse(text);
    String rendered = RuleRenderer.render(rule);

    assertThat(RuleParser.parse(rendered)).isEqualTo(rule);
    assertThat(rendered).isEqualTo(text);
  }

  @Test
  void renderingNormalisesCaseSpacingAndRedundantParentheses() {
    assertThat(
            RuleRenderer.render(
                RuleParser.parse("  (plan='Pro')and   not(ROLE  =  'lead')  or Everyone ")))
        .isEqualTo("plan = 'Pro' AND NOT role = 'lead' OR everyone");
    assertThat(RuleRenderer.render(new Compare(Field.PLAN, CompareOp.EQ, Literal.text("Premium"))))
        .isEqualTo("plan = 'Premium'");
  }
}
