package io.proactiveinsights.intercom;

import io.proactiveinsights.config.ProactiveConfig.IntercomSettings;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Contacts, companies, conversations and data events in each shape they reach us: Intercom's REST
 * API, Airbyte's {@code source-intercom}, Singer's {@code tap-intercom} and Fivetran's Intercom
 * connector, each detected from the file, mapped to the contract's users, conversations and
 * user_events.
 */
public final class IntercomEntities {

  private IntercomEntities() {}

  /** users from contacts (plus the plan from their company when companies files are given). */
  public static MappedEntity contacts(SparkSession spark, List<String> contactFiles, List<String> companyFiles) {
    throw new UnsupportedOperationException("contacts mapping: being built");
  }

  /** conversations, with topic, proactive source and CSAT per {@code settings}. */
  public static MappedEntity conversations(SparkSession spark, List<String> files, IntercomSettings settings) {
    throw new UnsupportedOperationException("conversations mapping: being built");
  }

  /** user_events from data events. */
  public static MappedEntity dataEvents(SparkSession spark, List<String> files) {
    throw new UnsupportedOperationException("data events mapping: being built");
  }
}
