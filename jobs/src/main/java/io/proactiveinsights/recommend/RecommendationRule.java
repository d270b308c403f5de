package io.proactiveinsights.recommend;

import io.proactiveinsights.hygiene.MessageFacts;
import java.util.Optional;

/** One recommendation: looks at a live message's facts and flags and may propose its action. */
public interface RecommendationRule {

  Action action();

  Optional<Recommendation> evaluate(MessageFacts message, RecommendContext context);
}
