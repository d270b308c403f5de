package io.proactiveinsights.sample;

import io.proactiveinsights.sample.Workspace.Plant;

/**
 * A message of a generated {@link Workspace} and how people behave towards it beyond its first
 * showing: each receiver is shown it between {@code minShowings} and {@code maxShowings} times (a
 * day apart); on later showings they dismiss with {@code laterDismiss} and act with the first
 * showing's probability times {@code laterPrimaryFactor}. {@code deflection}: share of a viewer's
 * tickets on the message's topics, after their first view, that never happen. {@code goalRate}:
 * share of receivers who do the goal event within three days. {@code csatShift}: how many rating
 * points conversations started from it lose against the rest. {@code plant}: the situation it
 * plants, null for a healthy message.
 */
record ScenarioMessage(
    SampleMessage message,
    int minShowings,
    int maxShowings,
    double laterDismiss,
    double laterPrimaryFactor,
    double deflection,
    double goalRate,
    double csatShift,
    Plant plant) {

  ScenarioMessage {
    if (minShowings < 1 || maxShowings < minShowings) {
      throw new IllegalArgumentException(
          "Cannot plan showings " + minShowings + ".." + maxShowings + " for " + message.id());
    }
  }
}
