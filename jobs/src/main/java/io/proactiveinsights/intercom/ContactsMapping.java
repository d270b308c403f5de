package io.proactiveinsights.intercom;

import static io.proactiveinsights.intercom.JsonFields.first;
import static io.proactiveinsights.intercom.JsonFields.record;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.transform_keys;
import static org.apache.spark.sql.functions.trim;

import io.proactiveinsights.io.RawFrame;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Contacts to the contract's users. Pure transforms over {@link ExportRecords} rows.
 *
 * <ul>
 *   <li>user_id: {@code external_id} when set (the id the product knows), else Intercom's contact
 *       id.
 *   <li>role: Intercom's {@code role} as given ({@code user}, {@code lead}); anything else (an
 *       anonymous {@code visitor}) is left for the normaliser's enum check, which quarantines it
 *       quoting the value: a visitor has no identity a segment could target.
 *   <li>attributes: {@code custom_attributes} (API, Airbyte, Singer); Fivetran's {@code custom_*}
 *       columns with the prefix removed.
 *   <li>plan: {@code plan.name} of the contact's first listed company (API {@code
 *       companies.data[0].id}, Singer's de-nested {@code companies[0].id}), matched against a
 *       company's {@code id}, else its {@code company_id}. Fivetran lists a contact's companies in
 *       contact_company_history without an order, so the lowest company id of the current version
 *       is taken.
 * </ul>
 */
final class ContactsMapping {

  static final String CONTACT_ID = "contact_id";
  static final String EXTERNAL_ID = "external_id";
  static final String COMPANY_REF = "company_ref";
  static final String PLAN = "plan";
  static final String COMPANY_KEY = "company_key";

  /** Top-level fields of API/Airbyte/Singer contacts this mapping reads. */
  static final Set<String> NESTED_FIELDS =
      Set.of(
          "id",
          "external_id",
          "role",
          "signed_up_at",
          "last_seen_at",
          "custom_attributes",
          "companies");

  /** Top-level fields of API/Airbyte/Singer companies this mapping reads. */
  static final Set<String> NESTED_COMPANY_FIELDS = Set.of("id", "company_id", "plan");

  static final Set<String> FIVETRAN_CONTACT_FIELDS =
      Set.of("id", "external_id", "role", "signed_up_at", "last_seen_at", "updated_at");

  private ContactsMapping() {}

  /**
   * API, Airbyte and Singer contacts: users columns plus contact_id, external_id and company_ref.
   */
  static Dataset<Row> nested(Dataset<Row> records) {
    return contactColumns(
        records,
        first("$.custom_attributes"),
        first("$.companies.data[0].id", "$.companies.companies[0].id", "$.companies[0].id"));
  }

  /**
   * Fivetran contact_history (current versions only) with its contact_company_history links.
   *
   * @param contactHistory contact_history rows, superseded versions already removed
   * @param companyLinks contact_company_history rows
   */
  static Dataset<Row> fivetran(Dataset<Row> contactHistory, Dataset<Row> companyLinks) {
    Dataset<Row> firstCompany =
        FivetranHistory.currentLinks(companyLinks, "contact_id", "contact_updated_at")
            .groupBy(first("$.contact_id").as("_link_contact"))
            .agg(min(first("$.company_id")).as("_link_company"));
    Column custom =
        map_filter(
            from_json(
                record(), DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType)),
            // An empty CSV cell is no attribute value, as an absent key is none in the API.
            (k, v) -> k.startsWith("custom_").and(v.isNotNull()));
    Column attributes = to_json(transform_keys(custom, (k, v) -> substring(k, 8, 1000)));
    Dataset<Row> joined =
        contactHistory.join(firstCompany, first("$.id").equalTo(col("_link_contact")), "left");
    return contactColumns(joined, attributes, col("_link_company"));
  }

  private static Dataset<Row> contactColumns(
      Dataset<Row> rows, Column attributes, Column companyRef) {
    Column id = first("$.id");
    Column externalId = nullif(trim(first("$.external_id")), lit(""));
    return rows.select(
        coalesce(externalId, id).as("user_id"),
        first("$.role").as("role"),
        first("$.signed_up_at").as("signed_up_at"),
        first("$.last_seen_at").as("last_seen_at"),
        attributes.as("attributes"),
        id.as(CONTACT_ID),
        externalId.as(EXTERNAL_ID),
        companyRef.as(COMPANY_REF),
        col(RawFrame.SOURCE_FILE),
        col(RawFrame.RAW_RECORD),
        col(RawFrame.PARSE_ERROR));
  }

  /**
   * One plan per company key. A company is keyed by its Intercom {@code id} and by the workspace's
   * own {@code company_id}; where the two collide the Intercom id wins.
   */
  static Dataset<Row> companyPlans(Dataset<Row> nestedCompanies, Dataset<Row> fivetranCompanies) {
    Dataset<Row> byId =
        nestedCompanies
            .select(
                first("$.id").as(COMPANY_KEY), first("$.plan.name").as(PLAN), lit(0).as("_pref"))
            .unionByName(
                fivetranCompanies.select(
                    first("$.id").as(COMPANY_KEY),
                    first("$.plan_name").as(PLAN),
                    lit(0).as("_pref")));
    Dataset<Row> byCompanyId =
        nestedCompanies.select(
            first("$.company_id").as(COMPANY_KEY),
            first("$.plan.name").as(PLAN),
            lit(1).as("_pref"));
    return byId.unionByName(byCompanyId)
        .where(col(COMPANY_KEY).isNotNull())
        .withColumn("_rank", row_number().over(Window.partitionBy(COMPANY_KEY).orderBy("_pref")))
        .where(col("_rank").equalTo(1))
        .select(COMPANY_KEY, PLAN);
  }

  /**
   * Contacts with the plan of their company; {@link #COMPANY_KEY} is null where no company matched.
   */
  static Dataset<Row> withPlan(Dataset<Row> contacts, Dataset<Row> plans) {
    return contacts.join(plans, contacts.col(COMPANY_REF).equalTo(plans.col(COMPANY_KEY)), "left");
  }
}
