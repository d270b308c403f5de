package io.proactiveinsights.intercom;

import io.proactiveinsights.ingest.InputNormalizer;
import io.proactiveinsights.io.RawFrame;
import io.proactiveinsights.schema.InputTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The invented Intercom exports under {@code src/test/resources/intercom/<shape>/<entity>/}. */
final class IntercomFixtures {

  static final List<String> SHAPES = List.of("rest_api", "airbyte", "singer", "fivetran");

  private IntercomFixtures() {}

  /** The files of one shape's entity folder, sorted; empty when the shape has none. */
  static List<String> files(String shape, String entity) {
    Path folder = root().resolve(shape).resolve(entity);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.list(folder)) {
      return paths.map(Path::toString).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String file(String shape, String entity, String name) {
    return root().resolve(shape).resolve(entity).resolve(name).toString();
  }

  /** Every frame of an entity through the normaliser, as the ingest job would see them. */
  static Dataset<Row> normalized(MappedEntity entity, InputTable table) {
    Dataset<Row> all = null;
    for (RawFrame frame : entity.frames()) {
      Dataset<Row> rows = InputNormalizer.normalize(frame, table);
      all = all == null ? rows : all.unionByName(rows);
    }
    return all;
  }

  private static Path root() {
    try {
      return Path.of(IntercomFixtures.class.getResource("/intercom").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
