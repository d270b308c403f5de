package io.proactiveinsights.intercom;

import java.util.List;
import java.util.Set;

/**
 * The Fivetran Intercom tables we read, told apart by their columns (column lists from Fivetran's
 * dbt_intercom_source {@code macros/get_*_columns.sql}). Link tables are checked first: they are
 * the ones whose columns are a subset of nothing else.
 */
public enum FivetranTable {
  CONVERSATION_TAG_HISTORY("conversation_tag_history", List.of("conversation_id", "tag_id")),
  CONVERSATION_CONTACT_HISTORY(
      "conversation_contact_history", List.of("conversation_id", "contact_id")),
  CONTACT_COMPANY_HISTORY("contact_company_history", List.of("contact_id", "company_id")),
  CONVERSATION_HISTORY("conversation_history", List.of("id", "source_delivered_as")),
  CONTACT_HISTORY("contact_history", List.of("id", "role")),
  COMPANY_HISTORY("company_history", List.of("id", "plan_name")),
  TAG("tag", List.of("id", "name"));

  private final String tableName;
  private final List<String> markerColumns;

  FivetranTable(String tableName, List<String> markerColumns) {
    this.tableName = tableName;
    this.markerColumns = markerColumns;
  }

  public String tableName() {
    return tableName;
  }

  /** The table whose marker columns the file has, trying the link tables first. */
  static FivetranTable fromColumns(Set<String> lowerCaseColumns) {
    for (FivetranTable table : values()) {
      if (lowerCaseColumns.containsAll(table.markerColumns)) {
        return table;
      }
    }
    return null;
  }
}
