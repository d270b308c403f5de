package io.proactiveinsights.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * The banner pairs come from a collected aggregation, whose rows arrive in no fixed order (the
 * event store's date partitions made two runs of one ds list a blocking banner's victims in two
 * orders). The pairs, and so every flag's evidence, are in one order whatever the rows' order.
 */
class BannerOverlapsOrderTest {

  @Test
  void pairsComeMostSharedFirstWhateverTheOrderOfTheRows() {
    List<Row> rows =
        new ArrayList<>(
            List.of(
                RowFactory.create("m", "m", 500L),
                RowFactory.create("a", "a", 400L),
                RowFactory.create("b", "b", 300L),
                RowFactory.create("c", "c", 300L),
                RowFactory.create("m", "a", 320L),
                RowFactory.create("m", "b", 240L),
                RowFactory.create("m", "c", 240L)));
    List<String> first = null;
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(rows, random);
      List<String> order =
          HygieneFactsLoader.overlaps(rows).stream()
              .map(o -> o.bannerA() + "-" + o.bannerB() + ":" + o.shared())
              .toList();
      if (first == null) {
        first = order;
      }
      assertThat(order).isEqualTo(first);
    }
    // Ties on shared recipients (b and c, 240 each) by the banners' ids.
    assertThat(first).containsExactly("m-a:320", "m-b:240", "m-c:240");
  }
}
