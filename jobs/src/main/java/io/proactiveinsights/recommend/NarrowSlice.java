package io.proactiveinsights.recommend;

import io.proactiveinsights.stats.ProportionDifference;

/**
 * A part of a message's audience, written as an audience rule, that does the message's primary
 * action significantly more often than the rest of its viewers.
 *
 * @param rule the slice in the audience-rule language, e.g. {@code plan = 'Premium'}
 * @param comparison slice rate minus rest rate, with its 95% interval and p-value
 * @param qValue Benjamini–Hochberg q-value across every slice tried in the run
 */
public record NarrowSlice(
    String messageId,
    String rule,
    long sliceViewers,
    long sliceSuccesses,
    long restViewers,
    long restSuccesses,
    ProportionDifference comparison,
    double qValue) {}
