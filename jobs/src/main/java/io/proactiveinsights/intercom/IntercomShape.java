package io.proactiveinsights.intercom;

/** Which exporter wrote a file, as told from its content by {@link ShapeDetector}. */
public enum IntercomShape {
  /**
   * Intercom's REST API: list envelopes ({@code {"type":"conversation.list",...}}) or single
   * objects, epoch seconds.
   */
  INTERCOM_API("intercom_api"),
  /**
   * Airbyte's source-intercom: the API record under {@code _airbyte_data}, or typed columns beside
   * {@code _airbyte_*} meta columns.
   */
  AIRBYTE("airbyte"),
  /**
   * Singer's tap-intercom: JSON Lines of SCHEMA/RECORD/STATE messages, list nodes de-nested, RFC
   * 3339 times.
   */
  SINGER("singer"),
  /**
   * Fivetran's Intercom connector: flat history tables with {@code _fivetran_synced} (and {@code
   * _fivetran_active}).
   */
  FIVETRAN("fivetran"),
  /** None of the above; the file is reported with the reason and its records quarantined. */
  UNRECOGNISED("unrecognised");

  private final String wire;

  IntercomShape(String wire) {
    this.wire = wire;
  }

  /** The name the mapping report uses. */
  public String wire() {
    return wire;
  }
}
