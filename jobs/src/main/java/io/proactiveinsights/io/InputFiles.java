package io.proactiveinsights.io;

import io.proactiveinsights.schema.InputTable;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  /** A file and the format its name declares. */
  public record InputFile(String path, InputFormat format) {}

  /** What a table folder holds: readable files (sorted by path) and files we had to pass over. */
  public record Listing(
      InputTable table,
      String folder,
      boolean folderExists,
      List<InputFile> files,
      List<String> ignored) {}

  private InputFiles() {}

  public static Listing list(Configuration hadoopConf, String inputRoot, InputTable table) {
    Listing listing = listFolder(hadoopConf, new Path(inputRoot, table.tableName()).toString());
    return new Listing(
        table, listing.folder(), listing.folderExists(), listing.files(), listing.ignored());
  }

  /** Any folder listed the same way (no table attached): for sources with folders of their own. */
  public static Listing listFolder(Configuration hadoopConf, String folderName) {
    Path folder = new Path(folderName);
    List<InputFile> files = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    try {
      FileSystem fs = folder.getFileSystem(hadoopConf);
      if (!fs.exists(folder)) {
        return new Listing(null, folder.toString(), false, List.of(), List.of());
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
          files.add(new InputFile(path, format.get()));
        } else {
          ignored.add(path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list input folder " + folder, e);
    }
    files.sort((a, b) -> a.path().compareTo(b.path()));
    ignored.sort(String::compareTo);
    return new Listing(null, folder.toString(), true, List.copyOf(files), List.copyOf(ignored));
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
