package io.proactiveinsights.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.delivery.holdout.HoldoutArm;
import io.proactiveinsights.schema.InputTable;
import io.proactiveinsights.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The holdout core on small frames built here: Spark's arms against {@link HoldoutArm}'s. */
class HoldoutAssignmentTest {

  private static final SparkSession SPARK = SharedSpark.session();
  private static final Instant AS_OF = Instant.parse("2024-05-01T00:00:00Z");

  private static final StructType MEMBERS =
      new StructType()
          .add("segment_id", DataTypes.StringType)
          .add("user_id", DataTypes.StringType)
          .add("rule", DataTypes.StringType);

  @Test
  void sparksArmsAreHoldoutArmsForManyIdsAndShares() {
    Map<String, Double> shares = new LinkedHashMap<>();
    shares.put("m-0", 0.0);
    shares.put("m-tenth", 0.1);
    shares.put("msg_tour", 0.3);
    shares.put("m-half", 0.5);
    shares.put("m-é/中", 0.25);
    List<Row> members = new ArrayList<>();
    for (String message : shares.keySet()) {
      for (int i = 0; i < 200; i++) {
        // Ids with separators, non-ASCII and characters outside the BMP hash as their UTF-8 bytes.
        String user = i % 3 == 0 ? "u-" + i : i % 3 == 1 ? "élève " + i : "\uD83D\uDE00" + i;
        members.add(RowFactory.create(message, user, "everyone"));
      }
    }
    Dataset<Row> frame = SPARK.createDataFrame(members, MEMBERS);
    Dataset<Row> shareTable = HoldoutAssignment.shares(SPARK, shares);

    List<Row> candidates =
        HoldoutAssignment.candidates(frame, shareTable, noneGiven(), AS_OF).collectAsList();

    long control = 0;
    assertThat(candidates).hasSize(4 * 200).as("a share of 0 assigns nobody");
    for (Row r : candidates) {
      String message = r.getAs("message_id");
      String user = r.getAs("user_id");
      boolean expected = HoldoutArm.isControl(message, user, shares.get(message));
      assertThat(r.<String>getAs("arm"))
          .as("%s / %s", message, user)
          .isEqualTo(expected ? "control" : "treatment");
      control += expected ? 1 : 0;
    }
    assertThat(control).as("the fixture has people in both arms").isBetween(100L, 600L);
  }

  @Test
  void aGivenArmWinsOverTheHashAndEveryGivenArmIsKeptWithItsMessagesShare() {
    Dataset<Row> given =
        SPARK.createDataFrame(
            List.of(
                // u3 hashes to control at 0.1 (HoldoutArmTest); the source says treatment.
                RowFactory.create("m1", "u3", "treatment", ts("2024-04-02T00:00:00Z")),
                RowFactory.create("m_gone", "u9", "control", ts("2024-03-01T00:00:00Z"))),
            InputTable.ASSIGNMENTS.contractSchema());

    List<String> rows =
        texts(HoldoutAssignment.candidates(twoMessages(), tenthAndNone(), given, AS_OF));

    assertThat(rows)
        .containsExactly(
            "[m1,u1,treatment,2024-05-01T00:00:00Z,holdout,0.1]",
            "[m1,u3,treatment,2024-04-02T00:00:00Z,input,0.1]",
            "[m_gone,u9,control,2024-03-01T00:00:00Z,input,null]");
  }

  @Test
  void membersTakeTheArmTheTableHoldsAndNoneWithoutAHoldout() {
    Dataset<Row> table =
        SPARK.createDataFrame(
            List.of(
                RowFactory.create(
                    "m1", "u1", "control", ts("2024-04-01T00:00:00Z"), "holdout", 0.5),
                RowFactory.create(
                    "m1", "u3", "treatment", ts("2024-04-01T00:00:00Z"), "input", 0.5),
                RowFactory.create(
                    "m_plain", "u1", "control", ts("2024-04-01T00:00:00Z"), "input", null)),
            io.proactiveinsights.schema.AssignmentsColumns.SCHEMA);

    List<String> rows = texts(HoldoutAssignment.withArms(twoMessages(), tenthAndNone(), table));

    assertThat(rows)
        .containsExactly(
            "[m1,u1,everyone,control]", "[m1,u3,everyone,treatment]", "[m_plain,u1,everyone,null]");
  }

  /** m1 (a holdout of 0.1) with u1 and u3, m_plain (none) with u1. */
  private static Dataset<Row> twoMessages() {
    return SPARK.createDataFrame(
        List.of(
            RowFactory.create("m1", "u1", "everyone"),
            RowFactory.create("m1", "u3", "everyone"),
            RowFactory.create("m_plain", "u1", "everyone")),
        MEMBERS);
  }

  private static Dataset<Row> tenthAndNone() {
    Map<String, Double> shares = new LinkedHashMap<>();
    shares.put("m1", 0.1);
    shares.put("m_plain", 0.0);
    return HoldoutAssignment.shares(SPARK, shares);
  }

  /** The rows as {@link #text}, sorted. */
  private static List<String> texts(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(HoldoutAssignmentTest::text).sorted().toList();
  }

  /** A row as text, timestamps as instants (not in the JVM's zone). */
  private static String text(Row row) {
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < row.length(); i++) {
      Object value = row.get(i);
      fields.add(value instanceof Timestamp t ? t.toInstant().toString() : String.valueOf(value));
    }
    return "[" + String.join(",", fields) + "]";
  }

  private static Dataset<Row> noneGiven() {
    return SPARK.createDataFrame(List.of(), InputTable.ASSIGNMENTS.contractSchema());
  }

  private static Timestamp ts(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }
}
