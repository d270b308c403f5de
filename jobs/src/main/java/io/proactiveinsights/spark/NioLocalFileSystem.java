package io.proactiveinsights.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, doing in this process what Hadoop does in child processes when its
 * native library is missing (no Maven artifact ships it): {@code chmod} for every file or directory
 * created with a permission, and {@code readlink} for every {@code FileContext} rename, which is
 * how Delta commits to a local table. Each child process cost 5-30 ms here (docs/benchmarks.md),
 * and a Delta write runs several. Everything else is Hadoop's own code: the checksum files, the
 * no-overwrite rename Delta's commits rely on, symbolic links.
 *
 * <p>Two entry points, because Hadoop has two APIs: this class for {@code fs.file.impl} (Spark's
 * readers and writers) and {@link Fs} for {@code fs.AbstractFileSystem.file.impl} (Delta's log).
 */
public final class NioLocalFileSystem extends LocalFileSystem {

  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw file system with the two system calls made through java.nio. */
  static final class Raw extends RawLocalFileSystem {

    /**
     * As Hadoop's {@code chmod} does, without its sticky bit (Hadoop never sets it on local files).
     * A file store without POSIX permissions gets Hadoop's own way.
     */
    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(path).toPath(), posix(permission));
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(path, permission);
      }
    }

    /**
     * For anything but a symbolic link Hadoop's answer is the plain status, which it gets after
     * asking {@code readlink}; links still take Hadoop's way.
     */
    @Override
    public FileStatus getFileLinkStatus(Path path) throws IOException {
      if (!Files.isSymbolicLink(pathToFile(path).toPath())) {
        return getFileStatus(path);
      }
      return super.getFileLinkStatus(path);
    }
  }

  /** The permission's three "rwx" triplets; the sticky bit is not one of them. */
  private static Set<PosixFilePermission> posix(FsPermission permission) {
    return PosixFilePermissions.fromString(
        permission.getUserAction().SYMBOL
            + permission.getGroupAction().SYMBOL
            + permission.getOtherAction().SYMBOL);
  }

  /**
   * The {@code FileContext} side: Hadoop's {@code LocalFs} (checksums over the raw file system)
   * over {@link Raw}.
   */
  public static final class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** As Hadoop's {@code RawLocalFs}, which cannot be given another raw file system. */
  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    @Deprecated
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public FsServerDefaults getServerDefaults(Path path) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
