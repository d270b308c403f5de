package io.proactiveinsights.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.config.ProactiveConfig;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuleParserTest {

  /** The shipped limits, as a run gets them. */
  private static final RuleLimits LIMITS = ProactiveConfig.defaults().audienceRules().limits();

  private static final Rule PLAN_PRO = new Compare(Field.PLAN, CompareOp.EQ, Literal.text("Pro"));
  private static final Rule LEAD = new Compare(Field.ROLE, CompareOp.EQ, Literal.text("lead"));
  private static final Rule BETA =
      new Compare(Field.attribute("beta"), CompareOp.EQ, Literal.text("true"));

  @Test
  void parsesEachKindOfCondition() {
    assertThat(parse("everyone")).isEqualTo(new Everyone());
    assertThat(parse("plan = 'Pro'")).isEqualTo(PLAN_PRO);
    assertThat(parse("attr.seats >= 10"))
        .isEqualTo(
            new Compare(
                Field.attribute("seats"), CompareOp.GE, new Literal.Number(new BigDecimal("10"))));
    assertThat(parse("attr.company-size != 'small'"))
        .isEqualTo(
            new Compare(Field.attribute("company-size"), CompareOp.NE, Literal.text("small")));
    assertThat(parse("attr.score < -2.5"))
        .isEqualTo(
            new Compare(
                Field.attribute("score"),
                CompareOp.LT,
                new Literal.Number(new BigDecimal("-2.5"))));
    assertThat(parse("attr.email CONTAINS '@acme.com'"))
        .isEqualTo(
            new Compare(Field.attribute("email"), CompareOp.CONTAINS, Literal.text("@acme.com")));
    assertThat(parse("plan IN ('Pro', 'Premium')"))
        .isEqualTo(new In(Field.PLAN, List.of(Literal.text("Pro"), Literal.text("Premium"))));
    assertThat(parse("attr.tier IN (1,2 , 'gold')"))
        .isEqualTo(
            new In(
                Field.attribute("tier"),
                List.of(Literal.number("1"), Literal.number("2"), Literal.text("gold"))));
    assertThat(parse("last_seen_at WITHIN 7d"))
        .isEqualTo(new Within(Field.LAST_SEEN_AT, new RuleDuration(7, RuleDuration.Unit.DAYS)));
    assertThat(parse("signed_up_at BEFORE 36h"))
        .isEqualTo(new Before(Field.SIGNED_UP_AT, new RuleDuration(36, RuleDuration.Unit.HOURS)));
    assertThat(parse("signed_up_at < '2024-01-01T00:00:00Z'"))
        .isEqualTo(
            new Compare(Field.SIGNED_UP_AT, CompareOp.LT, Literal.text("2024-01-01T00:00:00Z")));
    assertThat(parse("event.export_completed WITHIN 14d"))
        .isEqualTo(
            new EventWithin("export_completed", new RuleDuration(14, RuleDuration.Unit.DAYS)));
    assertThat(parse("event.report.created NEVER")).isEqualTo(new EventNever("report.created"));
  }

  @Test
  void keywordsFieldNamesAndPrefixesAreCaseInsensitiveButNamesAreKept() {
    assertThat(parse("PLAN in ('Pro') and NOT Role = 'lead' Or EVERYONE"))
        .isEqualTo(
            new Or(
                List.of(
                    new And(
                        List.of(new In(Field.PLAN, List.of(Literal.text("Pro"))), new Not(LEAD))),
                    new Everyone())));
    assertThat(parse("ATTR.Beta_Tester = 'true'"))
        .isEqualTo(new Compare(Field.attribute("Beta_Tester"), CompareOp.EQ, Literal.text("true")));
    assertThat(parse("Event.Signup within 7D"))
        .isEqualTo(new EventWithin("Signup", new RuleDuration(7, RuleDuration.Unit.DAYS)));
    assertThat(parse("attr.note contains 'x'"))
        .isEqualTo(new Compare(Field.attribute("note"), CompareOp.CONTAINS, Literal.text("x")));
  }

  @Test
  void notBindsTighterThanAndWhichBindsTighterThanOr() {
    assertThat(parse("plan = 'Pro' OR role = 'lead' AND attr.beta = 'true'"))
        .isEqualTo(new Or(List.of(PLAN_PRO, new And(List.of(LEAD, BETA)))));
    assertThat(parse("plan = 'Pro' AND role = 'lead' OR attr.beta = 'true'"))
        .isEqualTo(new Or(List.of(new And(List.of(PLAN_PRO, LEAD)), BETA)));
    assertThat(parse("NOT plan = 'Pro' AND role = 'lead'"))
        .isEqualTo(new And(List.of(new Not(PLAN_PRO), LEAD)));
    assertThat(parse("NOT NOT plan = 'Pro'")).isEqualTo(new Not(new Not(PLAN_PRO)));
  }

  @Test
  void parenthesesOverridePrecedence() {
    assertThat(parse("(plan = 'Pro' OR role = 'lead') AND attr.beta = 'true'"))
        .isEqualTo(new And(List.of(new Or(List.of(PLAN_PRO, LEAD)), BETA)));
    assertThat(parse("NOT (plan = 'Pro' AND role = 'lead')"))
        .isEqualTo(new Not(new And(List.of(PLAN_PRO, LEAD))));
    assertThat(parse("((plan = 'Pro'))")).isEqualTo(PLAN_PRO);
    assertThat(parse("plan = 'Pro' AND (role = 'lead' AND attr.beta = 'true')"))
        .isEqualTo(new And(List.of(PLAN_PRO, new And(List.of(LEAD, BETA)))));
  }

  @Test
  void stringsTakeDoubledQuotesAndKeepSpacesAndCase() {
    assertThat(parse("attr.company = 'O''Brien & Sons '"))
        .isEqualTo(
            new Compare(Field.attribute("company"), CompareOp.EQ, Literal.text("O'Brien & Sons ")));
    assertThat(parse("plan = ''"))
        .isEqualTo(new Compare(Field.PLAN, CompareOp.EQ, Literal.text("")));
  }

  @Test
  void numbersAndStringsAreDifferentLiterals() {
    assertThat(((Compare) parse("attr.seats = 10")).literal()).isInstanceOf(Literal.Number.class);
    assertThat(((Compare) parse("attr.seats = '10'")).literal()).isInstanceOf(Literal.Text.class);
  }

  @Test
  void pageAndSessionFieldsBecomeRuntimeConditions() {
    Rule rule = parse("plan = 'Pro' AND Page.url CONTAINS '/billing' AND NOT session.count > 3");

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
    assertThat(parse("session.started_at WITHIN 1h")).isInstanceOf(RuntimeCondition.class);
  }

  @Test
  void collectsTheEventNamesARuleUses() {
    assertThat(parse("event.b NEVER OR (event.a WITHIN 7d AND NOT event.b WITHIN 1d)").eventNames())
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
    assertThatThrownBy(() -> parse(rule))
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
    assertThatThrownBy(() -> parse("plan = "))
        .hasMessage(
            "Cannot parse audience rule \"plan = \" at column 8: expected a quoted string or a"
                + " number\n"
                + "  plan = \n"
                + "         ^");
    assertThatThrownBy(() -> parse("role = 'lead' AND\tplna = 'x'"))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class, e -> assertThat(e.summary()).doesNotContain("\n"))
        .hasMessageEndingWith("  role = 'lead' AND plna = 'x'\n" + " ".repeat(2 + 18) + "^");
  }

  @Test
  void aRuleNestedToTheLimitParsesAndOneLevelDeeperIsAnErrorWhereItOpens() {
    RuleLimits threeDeep = new RuleLimits(1_000, 3);
    assertThat(RuleParser.parse("NOT (plan = 'Pro' OR (role = 'lead' AND attr.a = 1))", threeDeep))
        .isEqualTo(
            new Not(
                new Or(
                    List.of(
                        PLAN_PRO,
                        new And(
                            List.of(
                                LEAD,
                                new Compare(
                                    Field.attribute("a"), CompareOp.EQ, Literal.number("1"))))))));

    assertThatThrownBy(
            () ->
                RuleParser.parse(
                    "NOT (plan = 'Pro' OR (role = 'lead' AND NOT attr.a = 1))", threeDeep))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class, e -> assertThat(e.column()).isEqualTo(41))
        .hasMessageContaining("at column 41: parentheses and NOT nest more than 3 deep here");
    assertThatThrownBy(() -> RuleParser.parse("((((plan = 'Pro'))))", threeDeep))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class, e -> assertThat(e.column()).isEqualTo(4));
  }

  @Test
  void aRuleAtTheLengthLimitParsesAndALongerOneIsAnErrorAtTheFirstCharacterPastIt() {
    RuleLimits twelve = new RuleLimits(12, 3);
    assertThat(RuleParser.parse("plan = 'Pro'", twelve)).isEqualTo(PLAN_PRO);

    assertThatThrownBy(() -> RuleParser.parse("plan = 'Pro' OR role = 'lead'", twelve))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class, e -> assertThat(e.column()).isEqualTo(13))
        .hasMessageStartingWith(
            "Cannot parse audience rule \"plan = 'Pro' OR role = 'lead'\" at column 13: the rule"
                + " is 29 characters long, more than the 12 a rule may have");
  }

  @Test
  void twoThousandFiveHundredNestedParenthesesAreARuleErrorAtTheFirstTooDeepOne() {
    String parentheses = "(".repeat(2_500) + "plan = 'Pro'" + ")".repeat(2_500);
    String nots = "NOT ".repeat(2_500) + "plan = 'Pro'";

    assertThatThrownBy(() -> parse(parentheses))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class,
            e -> {
              assertThat(e.column()).isEqualTo(LIMITS.maxNesting() + 1);
              assertThat(e.rule()).isEqualTo(parentheses);
            })
        // A 5,012-character rule is shown as an excerpt, with the caret under the column.
        .hasMessage(
            "Cannot parse audience rule \""
                + "(".repeat(120)
                + "…\" (5012 characters) at column 33: parentheses and NOT nest more than 32 deep"
                + " here (audience_rules.max_nesting): flatten the rule, e.g. a OR (b OR c) is a OR"
                + " b OR c, and NOT NOT a is a\n"
                + "  "
                + "(".repeat(120)
                + "…\n"
                + " ".repeat(2 + 32)
                + "^");
    assertThatThrownBy(() -> parse(nots))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class,
            e -> assertThat(e.column()).isEqualTo(4 * LIMITS.maxNesting() + 1));
  }

  @Test
  void sixThousandOneOrsAreTooLongByDefaultAndOneFlatOrWhenTheLimitAllowsThem() {
    List<String> terms = IntStream.range(0, 6_001).mapToObj(i -> "plan = 'p" + i + "'").toList();
    String chain = String.join(" OR ", terms);
    assertThat(chain.length()).isGreaterThan(100_000);

    assertThatThrownBy(() -> parse(chain))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class,
            e -> {
              assertThat(e.column()).isEqualTo(LIMITS.maxLength() + 1);
              assertThat(e.summary())
                  .contains(" (" + chain.length() + " characters) at column 20001: the rule is ")
                  .hasSizeLessThan(500);
            });

    Rule parsed = RuleParser.parse(chain, new RuleLimits(200_000, LIMITS.maxNesting()));
    assertThat(parsed)
        .isInstanceOfSatisfying(Or.class, or -> assertThat(or.operands()).hasSize(6_001));
    assertThat(RuleRenderer.render(parsed)).isEqualTo(chain);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void anEmptyRuleIsAnErrorAtColumnOne(String rule) {
    assertThatThrownBy(() -> parse(rule))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("expected a condition");
    assertThatThrownBy(() -> parse(null))
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
    Rule rule = parse(text);
    String rendered = RuleRenderer.render(rule);

    assertThat(parse(rendered)).isEqualTo(rule);
    assertThat(rendered).isEqualTo(text);
  }

  @Test
  void renderingNormalisesCaseSpacingAndRedundantParentheses() {
    assertThat(RuleRenderer.render(parse("  (plan='Pro')and   not(ROLE  =  'lead')  or Everyone ")))
        .isEqualTo("plan = 'Pro' AND NOT role = 'lead' OR everyone");
    assertThat(RuleRenderer.render(new Compare(Field.PLAN, CompareOp.EQ, Literal.text("Premium"))))
        .isEqualTo("plan = 'Premium'");
  }

  private static Rule parse(String rule) {
    return RuleParser.parse(rule, LIMITS);
  }
}
