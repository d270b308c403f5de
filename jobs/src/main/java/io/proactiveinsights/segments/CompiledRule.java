package io.proactiveinsights.segments;

import io.proactiveinsights.rules.Rule;
import io.proactiveinsights.rules.RuleLimits;
import io.proactiveinsights.rules.RuleParser;
import io.proactiveinsights.rules.RuleRenderer;
import io.proactiveinsights.rules.RuleSyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * A segment's audience rule, parsed: the segment id (= message id), the rule as written and its
 * syntax tree.
 */
public record CompiledRule(String segmentId, String text, Rule rule) {

  public CompiledRule {
    Objects.requireNonNull(segmentId, "segmentId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(rule, "rule");
  }

  /**
   * @throws RuleSyntaxException when the rule does not parse or goes over a limit
   */
  public static CompiledRule parse(String segmentId, String text, RuleLimits limits) {
    return new CompiledRule(segmentId, text, RuleParser.parse(text, limits));
  }

  /** The rule's {@code page.}/{@code session.} conditions in canonical text, for the manifest. */
  public List<String> runtimeConditions() {
    return rule.runtimeConditions().stream().map(RuleRenderer::render).toList();
  }

  /** The rule in canonical text. */
  public String canonicalText() {
    return RuleRenderer.render(rule);
  }
}
