package io.proactiveinsights.spark;

import java.util.Map;
import org.apache.spark.sql.Observation;

/** Reading what a Spark {@link Observation} counted while an action (a write) ran. */
public final class Observations {

  private Observations() {}

  /**
   * The observed values by name. Call after the action that carried the observation: they are
   * filled when it finished, so this does not wait in practice.
   *
   * @param what what was counted, for the message if the thread is interrupted
   */
  public static Map<String, Object> values(Observation observation, String what) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot read " + what + ": interrupted", e);
    }
  }
}
