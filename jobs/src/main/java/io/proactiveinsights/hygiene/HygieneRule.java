package io.proactiveinsights.hygiene;

import java.util.Optional;

/**
 * One hygiene check: looks at one message (and, through the context, at the others) and may raise
 * its flag.
 */
public interface HygieneRule {

  /** The flag this rule raises. */
  Flag flag();

  Optional<HygieneFlag> evaluate(MessageFacts message, HygieneContext context);
}
