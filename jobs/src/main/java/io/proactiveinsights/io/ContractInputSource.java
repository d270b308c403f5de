package io.proactiveinsights.io;

import io.proactiveinsights.errors.ProactiveException.UsageException;
import io.proactiveinsights.io.InputSource.Drops;
import io.proactiveinsights.schema.InputTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The contract's own layout: one sub-folder per table under the input root ({@code --source
 * contract}).
 */
public final class ContractInputSource implements InputSource {

  public static final String NAME = "contract";

  private final SparkSession spark;
  private final String inputRoot;

  public ContractInputSource(SparkSession spark, String inputRoot) {
    this.spark = spark;
    this.inputRoot = inputRoot;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void requireRoot() {
    Path root = new Path(inputRoot);
    try {
      if (!root.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(root)) {
        throw new UsageException(
            "Cannot ingest: input folder "
                + inputRoot
                + " does not exist (pass --input DIR with one sub-folder per table, or run"
                + " `proactive sample --out DIR`)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot ingest: cannot reach input folder " + inputRoot, e);
    }
  }

  /** Every file of the table, in whichever drop it is: what the input holds, for no one run. */
  @Override
  public SourceTable read(InputTable table) {
    return read(table, LocalDate.MAX);
  }

  /** The files outside drops and those of drops with ds <= {@code ds} ({@link InputDrops}). */
  @Override
  public SourceTable read(InputTable table, LocalDate ds) {
    return read(table, ds, IngestedFiles.none());
  }

  /**
   * The files outside drops and those of drops with ds <= {@code ds}, less the files of earlier
   * drops that are stored already.
   */
  @Override
  public SourceTable read(InputTable table, LocalDate ds, IngestedFiles stored) {
    InputFiles.Listing listing =
        InputFiles.list(spark.sparkContext().hadoopConfiguration(), inputRoot, table, ds);
    List<String> later = listing.laterDrops().stream().map(InputFiles.InputFile::path).toList();
    List<InputFiles.InputFile> toRead = new ArrayList<>();
    int alreadyStored = 0;
    for (InputFiles.InputFile file : listing.files()) {
      if (stored.alreadyStored(table, file, ds)) {
        alreadyStored++;
      } else {
        toRead.add(file);
      }
    }
    Drops drops = new Drops(toRead.stream().filter(f -> f.drop() != null).toList(), alreadyStored);
    if (toRead.isEmpty()) {
      return new SourceTable(
          listing.folder(), 0, listing.ignored(), List.of(), List.of(), later, null, drops);
    }
    RawTableReader.Read read = new RawTableReader(spark).read(table, toRead);
    return new SourceTable(
        listing.folder(),
        toRead.size(),
        listing.ignored(),
        read.frames(),
        read.unreadable(),
        later,
        null,
        drops);
  }
}
