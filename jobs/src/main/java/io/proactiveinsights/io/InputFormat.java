package io.proactiveinsights.io;

import java.util.Locale;
import java.util.Optional;

/**
 * The file formats an input table may come in, told apart by file extension (a trailing .gz is a
 * compression).
 */
public enum InputFormat {
  CSV,
  JSON_LINES,
  PARQUET;

  /** The format of a file by its name, or empty when the name says nothing we can read. */
  public static Optional<InputFormat> detect(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    if (name.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return Optional.of(JSON_LINES);
    }
    if (name.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    return Optional.empty();
  }
}
