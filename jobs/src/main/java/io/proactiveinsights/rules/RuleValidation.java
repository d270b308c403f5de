package io.proactiveinsights.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Checks the audience rules of a message catalogue: every rule is parsed within the run's {@link
 * RuleLimits}, and the ones that do not parse are returned with their message id and the parser's
 * error. Nothing is quarantined for a bad rule (the message itself is valid); ingest reports them,
 * and the segments job skips them.
 */
public final class RuleValidation {

  public static final String MESSAGE_ID = "message_id";
  public static final String AUDIENCE_RULE = "audience_rule";

  /** A message's audience rule. */
  public record MessageRule(String messageId, String rule) {}

  /**
   * A rule that does not parse.
   *
   * @param column 1-based column where parsing failed
   * @param error the one-line error, e.g. {@code Cannot parse audience rule "plan = " at column 8:
   *     expected a quoted string or a number}
   */
  public record RuleError(String messageId, String rule, int column, String error) {

    public static RuleError of(String messageId, RuleSyntaxException e) {
      return new RuleError(messageId, e.rule(), e.column(), e.summary());
    }

    /** The error as the run summary lists it under {@code rule_errors}. */
    public Map<String, Object> toSummary() {
      return Map.of("message_id", messageId, "column", column, "error", error);
    }
  }

  private RuleValidation() {}

  /** The rules that do not parse (or go over a limit), in message id order. */
  public static List<RuleError> check(List<MessageRule> rules, RuleLimits limits) {
    List<RuleError> errors = new ArrayList<>();
    for (MessageRule rule : rules) {
      try {
        RuleParser.parse(rule.rule(), limits);
      } catch (RuleSyntaxException e) {
        errors.add(RuleError.of(rule.messageId(), e));
      }
    }
    errors.sort(
        Comparator.comparing(
            RuleError::messageId, Comparator.nullsFirst(Comparator.naturalOrder())));
    return errors;
  }
}
