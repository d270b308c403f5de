package io.proactiveinsights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.io.InputFormat;
import io.proactiveinsights.io.InputSource.SourceTable;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.io.UnreadableFile;
import io.proactiveinsights.io.UnreadableFile.Problem;
import io.proactiveinsights.schema.InputTable;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What must hold before ingest writes, on what a source found (file lists and column names): plain
 * Java, the frames' rows are never looked at.
 */
class IngestPreconditionsTest {

  private static final LocalDate DS = LocalDate.parse("2024-04-30");

  /** Every column of the table but {@code without}, as a group of files would present them. */
  private static RawFrame frame(InputTable table, List<String> files, String... without) {
    Set<String> present = new LinkedHashSet<>(table.columnNames());
    List.of(without).forEach(present::remove);
    return new RawFrame(null, InputFormat.CSV, files, present, Set.of());
  }

  private static SourceTable table(RawFrame... frames) {
    return new SourceTable("in/t", frames.length, List.of(), List.of(frames));
  }

  /** Every table with one good file, to change one of. */
  private static Map<InputTable, SourceTable> goodInputs() {
    Map<InputTable, SourceTable> inputs = new LinkedHashMap<>();
    for (InputTable t : IngestJob.ORDER) {
      inputs.put(t, table(frame(t, List.of("in/" + t.tableName() + "/a.csv"))));
    }
    return inputs;
  }

  @Test
  void goodInputsPass() {
    assertThatCode(() -> IngestPreconditions.require(goodInputs(), DS)).doesNotThrowAnyException();
  }

  @Test
  void aRequiredColumnMissingFromEveryFileIsAUsageErrorNamingTableColumnAndFiles() {
    Map<InputTable, SourceTable> inputs = goodInputs();
    RawFrame renamed =
        new RawFrame(
            null,
            InputFormat.JSON_LINES,
            List.of("in/messages/b.jsonl"),
            frame(InputTable.MESSAGES, List.of(), "type").presentColumns(),
            Set.of("kind"));
    inputs.put(
        InputTable.MESSAGES,
        table(frame(InputTable.MESSAGES, List.of("in/messages/a.csv"), "type"), renamed));

    assertThatThrownBy(() -> IngestPreconditions.require(inputs, DS))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "Cannot ingest: required column 'type' of messages is missing from every file of the"
                + " table (in/messages/a.csv, in/messages/b.jsonl; was it renamed? the files have"
                + " columns the contract does not define: kind) (nothing was written for ds"
                + " 2024-04-30; fix the input files and run again)");
  }

  @Test
  void aRequiredColumnMissingFromSomeFilesOnlyIsLeftToTheRows() {
    Map<InputTable, SourceTable> inputs = goodInputs();
    inputs.put(
        InputTable.MESSAGES,
        table(
            frame(InputTable.MESSAGES, List.of("in/messages/a.csv"), "type"),
            frame(InputTable.MESSAGES, List.of("in/messages/b.csv"))));

    assertThat(
            IngestPreconditions.missingColumns(
                InputTable.MESSAGES, inputs.get(InputTable.MESSAGES)))
        .isEmpty();
    assertThatCode(() -> IngestPreconditions.require(inputs, DS)).doesNotThrowAnyException();
  }

  @Test
  void aSourcesStandInForATableWithoutFilesIsNotChecked() {
    // The Intercom source gives a table it has no folder for one frame with no files and no
    // columns.
    assertThat(
            IngestPreconditions.missingColumns(
                InputTable.USERS,
                table(new RawFrame(null, InputFormat.CSV, List.of(), Set.of(), Set.of()))))
        .isEmpty();
  }

  @Test
  void aRequiredTableWhoseFilesHoldNoRowsIsEmptyButOneWithNothingReadableIsAnError() {
    Map<InputTable, SourceTable> inputs = goodInputs();
    inputs.put(
        InputTable.CONVERSATIONS,
        new SourceTable(
            "in/conversations",
            1,
            List.of(),
            List.of(),
            List.of(
                UnreadableFile.skipped(
                    "conversations", "in/conversations/a.csv", Problem.HEADER_ONLY, ""))));
    assertThatCode(() -> IngestPreconditions.require(inputs, DS)).doesNotThrowAnyException();

    inputs.put(
        InputTable.USERS,
        new SourceTable(
            "in/users",
            2,
            List.of(),
            List.of(),
            List.of(
                UnreadableFile.skipped("users", "in/users/a.csv", Problem.EMPTY, "0 bytes"),
                UnreadableFile.skipped(
                    "users", "in/users/b.parquet", Problem.UNREADABLE, "not Parquet"))));
    assertThatThrownBy(() -> IngestPreconditions.require(inputs, DS))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(
            "users has no file that can be read in in/users (in/users/a.csv: empty file (0 bytes);"
                + " in/users/b.parquet: cannot be read (not Parquet); none of its rows were read)");
  }

  @Test
  void aRequiredTableWithoutFilesIsAUsageErrorAndAnOptionalOneIsNot() {
    Map<InputTable, SourceTable> inputs = goodInputs();
    inputs.put(InputTable.KNOWN_ISSUES, SourceTable.none("in/known_issues", List.of()));
    assertThatCode(() -> IngestPreconditions.require(inputs, DS)).doesNotThrowAnyException();

    inputs.put(
        InputTable.EXPOSURES, SourceTable.none("in/exposures", List.of("in/exposures/x.txt")));
    assertThatThrownBy(() -> IngestPreconditions.require(inputs, DS))
        .hasMessageContaining("exposures has no readable files in in/exposures");
  }
}
