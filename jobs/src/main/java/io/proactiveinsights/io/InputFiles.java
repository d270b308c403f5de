package io.proactiveinsights.io;

import io.proactiveinsights.schema.InputTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the files of one input table ({@code <input root>/<table>/}, searched recursively) through
 * Hadoop's FileSystem, so the same code reads a local folder, HDFS or an object store. Files whose
 * name starts with {@code _} or {@code .} (Spark's {@code _SUCCESS}, checksum files) are skipped;
 * files with an extension we cannot read are returned separately so the run can report them.
 */
public final class InputFiles {

  /**
   * A file, the format its name declares, the daily drop it belongs to ({@link InputDrops}; null
   * for a file outside drops, or listed without looking for drops), and its length and modification
   * time as listed (-1 when not known), which tell a stored drop file from one rewritten since.
   */
  public record InputFile(
      String path, InputFormat format, LocalDate drop, long length, long modifiedMillis) {

    public InputFile(String path, InputFormat format) {
      this(path, format, null, -1, -1);
    }

    /** The same file placed in a drop. */
    InputFile inDrop(LocalDate dropDs) {
      return new InputFile(path, format, dropDs, length, modifiedMillis);
    }
  }

  /**
   * What a table folder holds: readable files (sorted by path), files we had to pass over, and the
   * files of drops later than the run's ds (not read: a run never uses a later drop).
   */
  public record Listing(
      InputTable table,
      String folder,
      boolean folderExists,
      List<InputFile> files,
      List<String> ignored,
      List<InputFile> laterDrops) {}

  private InputFiles() {}

  /**
   * The files of {@code <inputRoot>/<table>/} a run for {@code ds} reads: those outside drops and
   * those in drops with ds <= {@code ds}. Files of later drops are listed apart.
   *
   * @throws io.proactiveinsights.errors.ProactiveException.UsageException naming the folder, for a
   *     {@code ds=} folder that is not a valid drop ({@link InputDrops#dropOf})
   */
  public static Listing list(
      Configuration hadoopConf, String inputRoot, InputTable table, LocalDate ds) {
    Listing listing = listFolder(hadoopConf, new Path(inputRoot, table.tableName()).toString());
    Path folder = qualified(hadoopConf, new Path(listing.folder()));
    List<InputFile> files = new ArrayList<>();
    List<InputFile> later = new ArrayList<>();
    for (InputFile file : listing.files()) {
      LocalDate drop =
          InputDrops.dropOf(table, listing.folder(), foldersBetween(folder, new Path(file.path())))
              .orElse(null);
      InputFile placed = file.inDrop(drop);
      (drop != null && drop.isAfter(ds) ? later : files).add(placed);
    }
    return new Listing(
        table,
        listing.folder(),
        listing.folderExists(),
        List.copyOf(files),
        listing.ignored(),
        List.copyOf(later));
  }

  /**
   * The names of the folders between {@code folder} and {@code file} (both qualified, as listed),
   * outermost first.
   */
  private static List<String> foldersBetween(Path folder, Path file) {
    List<String> names = new ArrayList<>();
    for (Path p = file.getParent(); p != null && !p.equals(folder); p = p.getParent()) {
      names.add(0, p.getName());
    }
    return names;
  }

  private static Path qualified(Configuration hadoopConf, Path path) {
    try {
      return path.getFileSystem(hadoopConf).makeQualified(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach input folder " + path, e);
    }
  }

  /** Any folder listed the same way (no table attached): for sources with folders of their own. */
  public static Listing listFolder(Configuration hadoopConf, String folderName) {
    Path folder = new Path(folderName);
    List<InputFile> files = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    try {
      FileSystem fs = folder.getFileSystem(hadoopConf);
      if (!fs.exists(folder)) {
        return new Listing(null, folder.toString(), false, List.of(), List.of(), List.of());
      }
      Path qualifiedFolder = fs.makeQualified(folder);
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(qualifiedFolder, true);
      while (it.hasNext()) {
        LocatedFileStatus status = it.next();
        if (isHidden(qualifiedFolder, status.getPath())) {
          continue;
        }
        String path = status.getPath().toString();
        Optional<InputFormat> format = InputFormat.detect(status.getPath().getName());
        if (format.isPresent()) {
          files.add(
              new InputFile(
                  path, format.get(), null, status.getLen(), status.getModificationTime()));
        } else {
          ignored.add(path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list input folder " + folder, e);
    }
    files.sort((a, b) -> a.path().compareTo(b.path()));
    ignored.sort(String::compareTo);
    return new Listing(
        null, folder.toString(), true, List.copyOf(files), List.copyOf(ignored), List.of());
  }

  /** Whether a file sits under a folder or has a name starting with _ or . (below {@code root}). */
  public static boolean isHidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
