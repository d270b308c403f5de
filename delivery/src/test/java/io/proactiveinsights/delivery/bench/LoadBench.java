package io.proactiveinsights.delivery.bench;

import io.proactiveinsights.delivery.snapshot.LoadedSnapshot;
import io.proactiveinsights.delivery.snapshot.SnapshotLoader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times the first snapshot load in a fresh JVM — what a starting endpoint pays, class loading and
 * cold JIT included — and a second, warm load. Not a test; run by delivery/bench/run.sh.
 */
public final class LoadBench {
  private LoadBench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    long start = System.nanoTime();
    LoadedSnapshot first = SnapshotLoader.loadCurrent(root);
    double firstMs = (System.nanoTime() - start) / 1e6;
    start = System.nanoTime();
    SnapshotLoader.loadCurrent(root);
    double secondMs = (System.nanoTime() - start) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "  %s: %,d users, %d segments: first load %.0f ms, second %.0f ms%n",
        root.getFileName(),
        first.dictionary().size(),
        first.manifest().segments().size(),
        firstMs,
        secondMs);
  }
}
