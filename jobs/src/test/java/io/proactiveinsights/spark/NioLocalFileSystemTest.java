package io.proactiveinsights.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proactiveinsights.testing.SharedSpark;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.AbstractFileSystem;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process local file system must behave as Hadoop's own: the same permissions on what it
 * creates, the same refusal to rename over an existing file (Delta's commits depend on it), and the
 * same answer for symbolic links. Hadoop's stock classes, run side by side on the same paths, are
 * the reference.
 */
class NioLocalFileSystemTest {

  private static Configuration hadoopConf;

  @TempDir java.nio.file.Path dir;

  @BeforeAll
  static void session() {
    SparkSession spark = SharedSpark.session();
    hadoopConf = spark.sparkContext().hadoopConfiguration();
  }

  private static LocalFileSystem stock() throws IOException {
    LocalFileSystem fs = new LocalFileSystem();
    fs.initialize(URI.create("file:///"), new Configuration(hadoopConf));
    return fs;
  }

  private static Set<PosixFilePermission> permissions(java.nio.file.Path path) throws IOException {
    return Files.getPosixFilePermissions(path);
  }

  @Test
  void aLocalSessionReadsAndWritesThroughIt() throws IOException {
    assertInstanceOf(NioLocalFileSystem.class, FileSystem.get(URI.create("file:///"), hadoopConf));
    assertInstanceOf(
        NioLocalFileSystem.Fs.class, AbstractFileSystem.get(URI.create("file:///"), hadoopConf));
  }

  @Test
  void filesAndDirectoriesGetTheSamePermissionsAsFromHadoopsOwn() throws IOException {
    FileSystem ours = FileSystem.get(URI.create("file:///"), hadoopConf);
    try (LocalFileSystem theirs = stock()) {
      for (String side : new String[] {"ours", "theirs"}) {
        FileSystem fs = side.equals("ours") ? ours : theirs;
        java.nio.file.Path base = dir.resolve(side);
        fs.mkdirs(new Path(base.toUri()));
        fs.create(new Path(base.resolve("default.txt").toUri())).close();
        fs.create(
                new Path(base.resolve("given.txt").toUri()),
                new FsPermission((short) 0640),
                false,
                4096,
                (short) 1,
                1 << 20,
                null)
            .close();
        fs.mkdirs(new Path(base.resolve("sub").toUri()), new FsPermission((short) 0750));
        fs.setPermission(
            new Path(base.resolve("default.txt").toUri()), new FsPermission((short) 0604));
      }
      for (String name : new String[] {"default.txt", "given.txt", ".given.txt.crc", "sub"}) {
        assertEquals(
            permissions(dir.resolve("theirs").resolve(name)),
            permissions(dir.resolve("ours").resolve(name)),
            name);
      }
    }
    // The values Hadoop's chmod gave, spelled out: 0604, 0640 and 0750.
    assertEquals(
        PosixFilePermissions.fromString("rw----r--"), permissions(dir.resolve("ours/default.txt")));
    assertEquals(
        PosixFilePermissions.fromString("rw-r-----"), permissions(dir.resolve("ours/given.txt")));
    assertEquals(
        PosixFilePermissions.fromString("rwxr-x---"), permissions(dir.resolve("ours/sub")));
  }

  @Test
  void renamingOntoAnExistingFileIsRefusedAndLeavesBothAlone() throws IOException {
    FileContext context = FileContext.getFileContext(URI.create("file:///"), hadoopConf);
    Path from = new Path(dir.resolve("_tmp.json").toUri());
    Path to = new Path(dir.resolve("00000.json").toUri());
    write(context, from, "new");
    write(context, to, "old");

    assertThrows(
        FileAlreadyExistsException.class, () -> context.rename(from, to, Options.Rename.NONE));
    assertEquals("new", Files.readString(dir.resolve("_tmp.json")));
    assertEquals("old", Files.readString(dir.resolve("00000.json")));

    Path free = new Path(dir.resolve("00001.json").toUri());
    context.rename(from, free, Options.Rename.NONE);
    assertEquals("new", Files.readString(dir.resolve("00001.json")));
    assertFalse(Files.exists(dir.resolve("_tmp.json")));
    // The checksum file moves with it, as with Hadoop's LocalFs.
    assertTrue(Files.exists(dir.resolve(".00001.json.crc")));
    assertFalse(Files.exists(dir.resolve("._tmp.json.crc")));
  }

  private static void write(FileContext context, Path path, String text) throws IOException {
    try (FSDataOutputStream out = context.create(path, EnumSet.of(CreateFlag.CREATE))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void symbolicLinksAreReportedAsHadoopReportsThem() throws IOException {
    java.nio.file.Path target = Files.writeString(dir.resolve("target.txt"), "x");
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link.txt"), target);
    FileSystem ours = FileSystem.get(URI.create("file:///"), hadoopConf);
    RawLocalFileSystem theirs = new RawLocalFileSystem();
    theirs.initialize(URI.create("file:///"), new Configuration(hadoopConf));
    // Hadoop finds links only for paths without a scheme (it asks readlink for the path's string).
    for (Path path : new Path[] {new Path(link.toString()), new Path(target.toString())}) {
      FileStatus expected = theirs.getFileLinkStatus(path);
      FileStatus actual = ours.getFileLinkStatus(path);
      assertEquals(expected.isSymlink(), actual.isSymlink(), path.toString());
      assertEquals(expected.getLen(), actual.getLen(), path.toString());
      if (expected.isSymlink()) {
        assertEquals(expected.getSymlink(), actual.getSymlink());
      }
    }
    assertTrue(ours.getFileLinkStatus(new Path(link.toString())).isSymlink());
    assertThrows(
        java.io.FileNotFoundException.class,
        () -> ours.getFileLinkStatus(new Path(dir.resolve("missing").toString())));
    assertArrayEquals(new byte[] {'x'}, Files.readAllBytes(link));
  }
}
