package io.proactiveinsights.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.config.ProactiveConfig;
import io.proactiveinsights.rules.RuleParser;
import org.junit.jupiter.api.Test;

/**
 * The sample catalogue's audience rules parse. That they select exactly the users the sample
 * generator's own SQL selects is checked on the demo's run ({@code cli.DemoScenarioIT}).
 */
class SampleSegmentsTest {

  @Test
  void everySampleRuleParses() {
    for (SampleMessage m : SampleCatalogue.MESSAGES) {
      assertThat(RuleParser.parse(m.rule(), ProactiveConfig.defaults().audienceRules().limits()))
          .as(m.id())
          .isNotNull();
    }
  }
}
