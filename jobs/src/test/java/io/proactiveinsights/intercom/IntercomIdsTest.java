package io.proactiveinsights.intercom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.proactiveinsights.testing.SharedSpark;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Intercom's user references resolved against contacts: external id first, then contact id, never
 * dropped.
 */
class IntercomIdsTest {

  private final SparkSession spark = SharedSpark.session();

  private Dataset<Row> contacts() {
    // c2 has no external id, so the users table knows it by its contact id.
    return spark.sql(
        "SELECT * FROM VALUES ('c1','ext-1','ext-1'), ('c2',NULL,'c2'), ('c3','ext-3','ext-3')"
            + " AS t(contact_id, external_id, user_id)");
  }

  private Dataset<Row> receipts() {
    return spark.sql(
        "SELECT * FROM VALUES (1,'ext-1','c1'), (2,'','c2'), (3,'','ext-3'), (4,' ','c3'),"
            + " (5,'ghost','nobody'), (6,NULL,'') AS t(n, user_external_id, user_id)");
  }

  @Test
  void bothReceiptReferencesAreTriedExternalIdFirst() {
    Dataset<Row> resolved =
        IntercomIds.resolve(receipts(), List.of("user_external_id", "user_id"), contacts());

    assertThat(rows(resolved))
        .containsExactlyInAnyOrder(
            "1|ext-1|matched_by_external_id",
            "2|c2|matched_by_contact_id",
            // Intercom's user_id column held the external id.
            "3|ext-3|matched_by_external_id",
            "4|ext-3|matched_by_contact_id",
            "5|ghost|unmatched",
            "6|null|without_id");
    assertThat(IntercomIds.counts(resolved))
        .containsExactly(
            entry("matched_by_external_id", 2L),
            entry("matched_by_contact_id", 2L),
            entry("unmatched", 1L),
            entry("without_id", 1L),
            entry("not_checked", 0L));
  }

  @Test
  void aContactListedTwiceUnderOneKeyDoesNotDoubleTheRow() {
    Dataset<Row> twice =
        contacts()
            .unionByName(
                spark.sql("SELECT 'c9' AS contact_id, 'ext-1' AS external_id, 'ext-1' AS user_id"));
    assertThat(
            IntercomIds.resolve(receipts(), List.of("user_external_id", "user_id"), twice).count())
        .isEqualTo(6);
  }

  @Test
  void withoutContactsIdsAreKeptAsGivenAndMarkedNotChecked() {
    Dataset<Row> resolved =
        IntercomIds.resolve(receipts(), List.of("user_external_id", "user_id"), null);
    assertThat(rows(resolved))
        .containsExactlyInAnyOrder(
            "1|ext-1|not_checked",
            "2|c2|not_checked",
            "3|ext-3|not_checked",
            "4|c3|not_checked",
            "5|ghost|not_checked",
            "6|null|without_id");
  }

  @Test
  void aFramesUserIdIsReplacedByTheResolvedId() {
    Dataset<Row> conversations =
        spark.sql("SELECT * FROM VALUES (1,'c1'), (2,'ext-3'), (3,'zzz') AS t(n, user_id)");
    assertThat(IntercomIds.resolveUserId(conversations, contacts()).orderBy("n").collectAsList())
        .extracting(r -> r.<String>getAs("user_id"))
        .containsExactly("ext-1", "ext-3", "zzz");
  }

  private static List<String> rows(Dataset<Row> resolved) {
    return resolved.collectAsList().stream()
        .map(
            r ->
                r.getAs("n")
                    + "|"
                    + Objects.toString(r.getAs(IntercomIds.RESOLVED_USER_ID))
                    + "|"
                    + r.getAs(IntercomIds.MATCH))
        .toList();
  }
}
