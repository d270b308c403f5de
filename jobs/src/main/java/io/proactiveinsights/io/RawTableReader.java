package io.proactiveinsights.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.transform_keys;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.io.InputFileChecks.FileCheck;
import io.proactiveinsights.io.InputFiles.InputFile;
import io.proactiveinsights.schema.InputTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the files of one input table into {@link RawFrame}s, one per group of files that Spark can
 * read together: all Parquet files, all JSON Lines files, and CSV files grouped by header.
 *
 * <p>Nothing is validated here and no row is dropped: a line Spark cannot parse keeps its text in
 * {@link RawFrame#RAW_RECORD} with a {@link RawFrame#PARSE_ERROR}, so it reaches quarantine. Column
 * names are matched to the contract case-insensitively. Whole files are checked first ({@link
 * InputFileChecks}): one without rows or that cannot be read is reported instead of read, and one
 * that breaks after some rows is read up to the break.
 *
 * <ul>
 *   <li>JSON Lines are read as text and parsed with {@code from_json} into a string map: every key
 *       survives whatever its case, lists and objects arrive as their JSON text, and a line that is
 *       not a JSON object is kept with its text instead of becoming an all-null row.
 *   <li>CSV is read with an explicit all-string schema built from each file's header and a declared
 *       corrupt-record column, in PERMISSIVE mode, with RFC 4180 quoting.
 *   <li>Parquet keeps its own types; the normaliser converts them.
 * </ul>
 */
public final class RawTableReader {

  private static final String CORRUPT_RECORD = "_corrupt_record";
  private static final String JSON_MAP = "_fields";

  /**
   * Spark's per-read option (FileSourceOptions): a file that breaks gives the rows before the break
   * instead of failing the read.
   */
  private static final String IGNORE_CORRUPT_FILES = "ignoreCorruptFiles";

  private final SparkSession spark;

  public RawTableReader(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * The rows of a table's files and the files that could not be read whole.
   *
   * @param frames the rows, one frame per group of files read together
   * @param unreadable the files passed over or read only up to where they break
   */
  public record Read(List<RawFrame> frames, List<UnreadableFile> unreadable) {}

  /**
   * Checks the files ({@link InputFileChecks}), then reads those that hold rows: a file with a
   * problem is reported, not read, unless it breaks after rows, which are kept.
   */
  public Read read(InputTable table, List<InputFile> files) {
    List<FileCheck> checks = InputFileChecks.check(spark, table, files);
    List<RawFrame> frames = new ArrayList<>();
    List<FileCheck> json = toRead(checks, InputFormat.JSON_LINES);
    if (!json.isEmpty()) {
      frames.add(readJsonLines(table, pathsOf(json), anyPartlyRead(json)));
    }
    List<FileCheck> parquet = toRead(checks, InputFormat.PARQUET);
    if (!parquet.isEmpty()) {
      frames.add(readParquet(table, pathsOf(parquet)));
    }
    Map<List<String>, List<FileCheck>> csvByHeader = new LinkedHashMap<>();
    for (FileCheck csv : toRead(checks, InputFormat.CSV)) {
      csvByHeader.computeIfAbsent(csv.csvHeader(), h -> new ArrayList<>()).add(csv);
    }
    csvByHeader.forEach(
        (header, group) ->
            frames.add(readCsv(table, header, pathsOf(group), anyPartlyRead(group))));
    List<UnreadableFile> unreadable =
        checks.stream().map(FileCheck::problem).filter(p -> p != null).toList();
    return new Read(List.copyOf(frames), unreadable);
  }

  private RawFrame readJsonLines(InputTable table, List<String> paths, boolean upToBreaks) {
    Dataset<Row> lines =
        spark
            .read()
            .option(IGNORE_CORRUPT_FILES, upToBreaks)
            .text(paths.toArray(String[]::new))
            .select(
                col("value").as(RawFrame.RAW_RECORD),
                col("_metadata.file_path").as(RawFrame.SOURCE_FILE))
            // A blank line separates nothing in JSON Lines; it is not a record.
            .where(trim(col(RawFrame.RAW_RECORD)).notEqual(""));
    Column parsed =
        transform_keys(
            from_json(
                col(RawFrame.RAW_RECORD),
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType)),
            (k, v) -> lower(trim(k)));
    Dataset<Row> withMap = lines.withColumn(JSON_MAP, parsed);

    Set<String> keys = new TreeSet<>();
    for (Row r :
        withMap.selectExpr("explode(map_keys(" + JSON_MAP + ")) AS k").distinct().collectAsList()) {
      keys.add(r.getString(0));
    }
    List<Column> columns = new ArrayList<>();
    columns.add(col(RawFrame.SOURCE_FILE));
    columns.add(col(RawFrame.RAW_RECORD));
    columns.add(
        when(col(JSON_MAP).isNull(), lit("not a valid JSON object on one line"))
            .otherwise(lit(null).cast(DataTypes.StringType))
            .as(RawFrame.PARSE_ERROR));
    Set<String> present = new LinkedHashSet<>();
    for (String name : table.columnNames()) {
      if (keys.contains(name)) {
        present.add(name);
        columns.add(col(JSON_MAP).getItem(name).as(name));
      }
    }
    Set<String> unknown = new TreeSet<>(keys);
    unknown.removeAll(table.columnNames());
    return new RawFrame(
        withMap.select(columns.toArray(Column[]::new)),
        InputFormat.JSON_LINES,
        paths,
        present,
        unknown);
  }

  private RawFrame readParquet(InputTable table, List<String> paths) {
    Dataset<Row> df =
        spark
            .read()
            .option("mergeSchema", "true")
            .parquet(paths.toArray(String[]::new))
            .withColumn(RawFrame.SOURCE_FILE, col("_metadata.file_path"));
    return fromNamedColumns(table, df, InputFormat.PARQUET, paths, null);
  }

  private RawFrame readCsv(
      InputTable table, List<String> header, List<String> paths, boolean upToBreaks) {
    Dataset<Row> df =
        readCsvAsStrings(spark, header, paths, table.hasFreeText(), CORRUPT_RECORD, upToBreaks)
            .withColumn(RawFrame.SOURCE_FILE, col("_metadata.file_path"));
    return fromNamedColumns(table, df, InputFormat.CSV, paths, CORRUPT_RECORD);
  }

  /**
   * CSV files that share {@code header}, every column a string (so no value is re-typed by
   * inference), RFC 4180 quoting, and lines Spark cannot split kept whole in {@code corruptColumn}.
   */
  public static Dataset<Row> readCsvAsStrings(
      SparkSession spark,
      List<String> header,
      List<String> paths,
      boolean multiLine,
      String corruptColumn) {
    return readCsvAsStrings(spark, header, paths, multiLine, corruptColumn, false);
  }

  /**
   * As above; with {@code upToBreaks}, a file that cannot be read to its end gives the rows before
   * the break instead of failing the read (for files {@link InputFileChecks} found broken).
   */
  public static Dataset<Row> readCsvAsStrings(
      SparkSession spark,
      List<String> header,
      List<String> paths,
      boolean multiLine,
      String corruptColumn,
      boolean upToBreaks) {
    StructType schema = new StructType();
    for (String name : header) {
      schema = schema.add(name, DataTypes.StringType, true);
    }
    schema = schema.add(corruptColumn, DataTypes.StringType, true);
    return spark
        .read()
        .option("header", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", corruptColumn)
        // RFC 4180: a quote inside a quoted field is doubled.
        .option("quote", "\"")
        .option("escape", "\"")
        .option("multiLine", Boolean.toString(multiLine))
        .option("encoding", "UTF-8")
        // A line with too few fields is malformed only when Spark parses every column: with
        // pruning, whether it reached quarantine would depend on which columns a query reads.
        .option("columnPruning", false)
        .option(IGNORE_CORRUPT_FILES, upToBreaks)
        .schema(schema)
        .csv(paths.toArray(String[]::new));
  }

  /** Maps a frame's own column names onto the contract's, case-insensitively. */
  private static RawFrame fromNamedColumns(
      InputTable table,
      Dataset<Row> df,
      InputFormat format,
      List<String> paths,
      String corruptColumn) {
    Map<String, String> byContractName = new LinkedHashMap<>();
    Set<String> unknown = new TreeSet<>();
    List<Column> originalFields = new ArrayList<>();
    for (String name : df.columns()) {
      if (name.equals(RawFrame.SOURCE_FILE) || name.equals(corruptColumn)) {
        continue;
      }
      originalFields.add(col(quoted(name)));
      String normalised = name.trim().toLowerCase(Locale.ROOT);
      if (table.columnNames().contains(normalised)) {
        byContractName.putIfAbsent(normalised, name);
      } else {
        unknown.add(normalised);
      }
    }
    List<Column> columns = new ArrayList<>();
    columns.add(col(RawFrame.SOURCE_FILE));
    columns.add(rawRecord(originalFields, corruptColumn).as(RawFrame.RAW_RECORD));
    columns.add(
        (corruptColumn == null
                ? lit(null).cast(DataTypes.StringType)
                : csvParseError(corruptColumn))
            .as(RawFrame.PARSE_ERROR));
    byContractName.forEach((contractName, name) -> columns.add(col(quoted(name)).as(contractName)));
    return new RawFrame(
        df.select(columns.toArray(Column[]::new)),
        format,
        paths,
        new LinkedHashSet<>(byContractName.keySet()),
        unknown);
  }

  /** The header row of a CSV file (decompressed when its name says so), byte-order mark removed. */
  public static List<String> readCsvHeader(
      org.apache.hadoop.conf.Configuration hadoopConf, String path) {
    try {
      return InputFileChecks.readCsvHead(hadoopConf, path).header();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the header of CSV file " + path, e);
    }
  }

  /** The record as it stood: the unparsable line when there is one, else the fields as JSON. */
  public static Column rawRecord(List<Column> fields, String corruptColumn) {
    Column asJson = to_json(struct(fields.toArray(Column[]::new)));
    return corruptColumn == null
        ? asJson
        : when(col(corruptColumn).isNotNull(), col(corruptColumn)).otherwise(asJson);
  }

  /** Why a CSV line could not be parsed, from the corrupt-record column; null for a good line. */
  public static Column csvParseError(String corruptColumn) {
    return when(
        col(corruptColumn).isNotNull(),
        lit("malformed CSV line (wrong number of fields or broken quoting)"));
  }

  private static List<FileCheck> toRead(List<FileCheck> checks, InputFormat format) {
    return checks.stream().filter(c -> c.read() && c.file().format() == format).toList();
  }

  private static List<String> pathsOf(List<FileCheck> checks) {
    return checks.stream().map(c -> c.file().path()).toList();
  }

  private static boolean anyPartlyRead(List<FileCheck> checks) {
    return checks.stream().anyMatch(FileCheck::partlyRead);
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
