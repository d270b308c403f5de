package io.proactiveinsights.intercom;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.proactiveinsights.intercom.ExportFile.Layout;
import io.proactiveinsights.io.InputFormat;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.io.RawTableReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads detected export files into one row per record, whatever the exporter: the record as JSON
 * text in {@link #RECORD} (the API object inside an envelope, Airbyte's {@code _airbyte_data},
 * Singer's {@code record}, a Fivetran row), beside {@link RawFrame#RAW_RECORD} as the user gave it,
 * {@link RawFrame#SOURCE_FILE} (the path as given) and {@link RawFrame#PARSE_ERROR}.
 *
 * <p>Nothing is dropped: lines that are not records of the entity (Singer SCHEMA/STATE messages,
 * records of other streams) are kept with {@link #KIND} {@code skipped} so the report can count
 * them; unreadable lines and every record of an unrecognised file carry a parse error.
 */
final class ExportRecords {

  /** The entity record as JSON text; null when the line could not be read. */
  static final String RECORD = "_record";

  /** {@code record}, or {@code skipped} for lines counted but not mapped. */
  static final String KIND = "_kind";

  static final String SHAPE = "_shape";

  /** The Fivetran table name, null for other shapes. */
  static final String TABLE = "_table";

  static final String KIND_RECORD = "record";
  static final String KIND_SKIPPED = "skipped";

  private static final String TEXT = "_text";
  private static final String CORRUPT = "_corrupt_record";

  /**
   * The arrays Intercom's list envelopes carry their objects in (conversation.list, event.list,
   * list).
   */
  private static final StructType LIST_ENVELOPE =
      new StructType()
          .add("data", DataTypes.createArrayType(DataTypes.StringType))
          .add("conversations", DataTypes.createArrayType(DataTypes.StringType))
          .add("events", DataTypes.createArrayType(DataTypes.StringType))
          .add("companies", DataTypes.createArrayType(DataTypes.StringType))
          .add("contacts", DataTypes.createArrayType(DataTypes.StringType));

  private final SparkSession spark;
  private final Configuration hadoopConf;

  ExportRecords(SparkSession spark) {
    this.spark = spark;
    this.hadoopConf = spark.sparkContext().hadoopConfiguration();
  }

  /**
   * Every file's records, read with one Spark reader per group of files Spark can read together
   * (same format, exporter and layout; CSV by header, Parquet by schema), so the plan has a few
   * reads whatever the number of files or pages.
   *
   * @param singerStreams the Singer streams that hold this entity; records of other streams are
   *     skipped
   */
  Dataset<Row> read(List<ExportFile> files, Set<String> singerStreams) {
    Map<ReadGroup, List<ExportFile>> groups = new LinkedHashMap<>();
    for (ExportFile file : files) {
      if (file.format() == null) {
        continue; // an extension we cannot open: reported from the ExportFile alone
      }
      groups.computeIfAbsent(groupOf(file), g -> new ArrayList<>()).add(file);
    }
    Dataset<Row> all = null;
    for (Map.Entry<ReadGroup, List<ExportFile>> group : groups.entrySet()) {
      Dataset<Row> records = records(group.getKey(), group.getValue(), singerStreams);
      all = all == null ? records : all.unionByName(records);
    }
    return all == null ? spark.createDataFrame(List.of(), schema()) : all;
  }

  /**
   * Files one reader can take together. Unrecognised files of a format go together too: each one's
   * reason is looked up by its path.
   *
   * @param columns CSV: the header; Parquet: the schema, as JSON; else empty
   */
  private record ReadGroup(
      InputFormat format,
      IntercomShape shape,
      Layout layout,
      FivetranTable table,
      boolean unrecognised,
      List<String> columns) {}

  private ReadGroup groupOf(ExportFile file) {
    List<String> columns =
        switch (file.format()) {
          case CSV -> RawTableReader.readCsvHeader(hadoopConf, file.path());
          // Parquet files are read together only with the same schema: Spark cannot merge a
          // column that is a string in one file and a number in another.
          case PARQUET -> List.of(spark.read().parquet(file.path()).schema().json());
          case JSON_LINES -> List.of();
        };
    return new ReadGroup(
        file.format(),
        file.shape(),
        file.layout(),
        file.fivetranTable(),
        file.problem() != null,
        columns);
  }

  static StructType schema() {
    return new StructType()
        .add(RawFrame.SOURCE_FILE, DataTypes.StringType)
        .add(RawFrame.RAW_RECORD, DataTypes.StringType)
        .add(RECORD, DataTypes.StringType)
        .add(RawFrame.PARSE_ERROR, DataTypes.StringType)
        .add(KIND, DataTypes.StringType)
        .add(SHAPE, DataTypes.StringType)
        .add(TABLE, DataTypes.StringType);
  }

  private Dataset<Row> records(ReadGroup group, List<ExportFile> files, Set<String> singerStreams) {
    // TEXT: the line or row as JSON text; PARSE_ERROR: set when even that failed (malformed CSV).
    Dataset<Row> texts = texts(group, files);
    Column text = col(TEXT);
    Column record;
    Column kind = lit(KIND_RECORD);
    Column error = col(RawFrame.PARSE_ERROR);
    if (group.unrecognised()) {
      record = lit(null).cast(DataTypes.StringType);
      error = coalesce(error, byFile(files, ExportFile::problem));
    } else if (group.shape() == IntercomShape.INTERCOM_API) {
      return apiObjects(group, texts);
    } else if (group.shape() == IntercomShape.SINGER) {
      Column isRecord =
          get_json_object(text, "$.type")
              .equalTo("RECORD")
              .and(get_json_object(text, "$.stream").isin(singerStreams.toArray()));
      record = when(isRecord, get_json_object(text, "$.record"));
      kind =
          when(isJsonObject(text).and(isRecord.unary_$bang()), lit(KIND_SKIPPED))
              .otherwise(lit(KIND_RECORD));
      error = coalesce(error, invalidLine(text));
    } else if (group.layout() == Layout.AIRBYTE_RAW) {
      record = get_json_object(text, "$._airbyte_data");
      error =
          coalesce(
              error,
              invalidLine(text),
              when(
                  record.isNull(),
                  concat(
                      lit("an Airbyte record without _airbyte_data in "),
                      col(RawFrame.SOURCE_FILE))));
    } else {
      record = text;
      error = coalesce(error, invalidLine(text));
    }
    return texts.select(
        col(RawFrame.SOURCE_FILE),
        col(TEXT).as(RawFrame.RAW_RECORD),
        when(error.isNull(), record).as(RECORD),
        error.as(RawFrame.PARSE_ERROR),
        kind.as(KIND),
        lit(group.shape().wire()).as(SHAPE),
        lit(group.table() == null ? null : group.table().tableName())
            .cast(DataTypes.StringType)
            .as(TABLE));
  }

  /**
   * REST objects: a list envelope gives one record per element (the element is the raw record, so
   * quarantine shows the object, not the page); a JSON array likewise; a single object is itself.
   */
  private Dataset<Row> apiObjects(ReadGroup group, Dataset<Row> texts) {
    Column text = col(TEXT);
    Column type = get_json_object(text, "$.type");
    Column isList = type.equalTo("list").or(type.endsWith(".list"));
    Column envelope = from_json(text, LIST_ENVELOPE);
    Column items =
        coalesce(
            envelope.getField("data"),
            envelope.getField("conversations"),
            envelope.getField("events"),
            envelope.getField("companies"),
            envelope.getField("contacts"));
    Column elements =
        when(
                trim(text).startsWith("["),
                from_json(text, DataTypes.createArrayType(DataTypes.StringType)))
            .when(isList, items);
    Column envelopeError =
        when(
            isList.and(items.isNull()),
            concat(
                lit(
                    "a REST list envelope without a data, conversations, events, companies or"
                        + " contacts array in "),
                col(RawFrame.SOURCE_FILE)));
    // The envelope's error is computed once, in its own step, as the elements below depend on it.
    Dataset<Row> exploded =
        texts
            .select(
                col(RawFrame.SOURCE_FILE),
                col(RawFrame.PARSE_ERROR),
                text,
                envelopeError.as("_envelope_error"))
            .select(
                col(RawFrame.SOURCE_FILE),
                col(RawFrame.PARSE_ERROR),
                col("_envelope_error"),
                explode(coalesce(when(col("_envelope_error").isNull(), elements), array(text)))
                    .as(TEXT));
    Column error =
        coalesce(
            col(RawFrame.PARSE_ERROR),
            col("_envelope_error"),
            when(
                isJsonObject(col(TEXT)).unary_$bang(),
                lit(
                    group.layout() == Layout.DOCUMENT
                        ? "not a valid JSON document"
                        : "not a valid JSON object on one line")));
    return exploded.select(
        col(RawFrame.SOURCE_FILE),
        col(TEXT).as(RawFrame.RAW_RECORD),
        when(error.isNull(), col(TEXT)).as(RECORD),
        error.as(RawFrame.PARSE_ERROR),
        lit(KIND_RECORD).as(KIND),
        lit(group.shape().wire()).as(SHAPE),
        lit(null).cast(DataTypes.StringType).as(TABLE));
  }

  /**
   * One row per line (JSON), per file (a JSON document) or per row (CSV, Parquet, as JSON text) of
   * a group's files, each with its file's path as given.
   */
  private Dataset<Row> texts(ReadGroup group, List<ExportFile> files) {
    String[] paths = files.stream().map(ExportFile::path).toArray(String[]::new);
    Column sourceFile = givenPath(files).as(RawFrame.SOURCE_FILE);
    Column noError = lit(null).cast(DataTypes.StringType).as(RawFrame.PARSE_ERROR);
    return switch (group.format()) {
      case JSON_LINES -> {
        boolean whole = group.layout() == Layout.DOCUMENT;
        Dataset<Row> lines = spark.read().option("wholetext", Boolean.toString(whole)).text(paths);
        yield lines
            .where(trim(col("value")).notEqual(""))
            .select(sourceFile, col("value").as(TEXT), noError);
      }
      case PARQUET -> {
        Dataset<Row> df = spark.read().parquet(paths);
        yield df.select(sourceFile, to_json(struct(allColumns(df))).as(TEXT), noError);
      }
      case CSV -> csvRows(group.columns(), paths, sourceFile);
    };
  }

  private Dataset<Row> csvRows(List<String> header, String[] paths, Column sourceFile) {
    // multiLine: Intercom text (conversation bodies, names) may hold quoted line breaks.
    Dataset<Row> df =
        RawTableReader.readCsvAsStrings(spark, header, List.of(paths), true, CORRUPT)
            .select(col("*"), sourceFile);
    Column fields =
        to_json(struct(header.stream().map(name -> col(quoted(name))).toArray(Column[]::new)));
    // The error also reads the fields: Spark refuses a CSV query that needs the corrupt-record
    // column alone.
    Column malformed = col(CORRUPT).isNotNull().and(fields.isNotNull());
    return df.select(
        col(RawFrame.SOURCE_FILE),
        coalesce(col(CORRUPT), fields).as(TEXT),
        when(
                malformed,
                concat(
                    lit("malformed CSV line (wrong number of fields or broken quoting) in "),
                    col(RawFrame.SOURCE_FILE)))
            .as(RawFrame.PARSE_ERROR));
  }

  /**
   * The path each row's file was given by, looked up from the path Spark reads it under
   * (qualified): the report and quarantine name files as the caller listed them.
   */
  private Column givenPath(List<ExportFile> files) {
    Column read = col("_metadata.file_path");
    return coalesce(byPath(files, ExportFile::path, this::readPath).getItem(read), read);
  }

  /** A value per file (an unrecognised file's reason), for each row of {@link #texts}. */
  private static Column byFile(List<ExportFile> files, Function<ExportFile, String> value) {
    return byPath(files, value, ExportFile::path).getItem(col(RawFrame.SOURCE_FILE));
  }

  /**
   * One map literal from each file's key to its value: an expression of constant size in the plan,
   * where a frame per file would make the plan grow with the number of files.
   */
  private static Column byPath(
      List<ExportFile> files,
      Function<ExportFile, String> value,
      Function<ExportFile, String> key) {
    return map_from_arrays(
        lit(files.stream().map(key).toArray(String[]::new)),
        lit(files.stream().map(value).toArray(String[]::new)));
  }

  private String readPath(ExportFile file) {
    Path path = new Path(file.path());
    try {
      return path.getFileSystem(hadoopConf).makeQualified(path).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach " + file.path(), e);
    }
  }

  private static Column[] allColumns(Dataset<Row> df) {
    List<Column> columns = new ArrayList<>();
    for (String name : df.columns()) {
      columns.add(col(quoted(name)));
    }
    return columns.toArray(Column[]::new);
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static Column isJsonObject(Column text) {
    return from_json(text, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
        .isNotNull();
  }

  private static Column invalidLine(Column text) {
    return when(isJsonObject(text).unary_$bang(), lit("not a valid JSON object on one line"));
  }
}
