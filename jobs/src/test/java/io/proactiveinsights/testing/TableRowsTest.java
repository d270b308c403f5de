package io.proactiveinsights.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class TableRowsTest {

  @Test
  void doublesThatDifferOnlyInTheirLastBitsRenderTheSame() {
    // 1.55 computed two ways, as the rate ratio 31/14 ÷ 20/14 comes out of two summation orders.
    assertThat(TableRows.render(RowFactory.create("m", 1.5499999999999998, null)))
        .isEqualTo(TableRows.render(RowFactory.create("m", 1.55, null)))
        .isEqualTo("[m,1.55,null]");
  }

  @Test
  void doublesThatDifferInTheTenthDigitDoNot() {
    assertThat(TableRows.render(0.123456789)).isNotEqualTo(TableRows.render(0.123456788));
    assertThat(TableRows.render(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void theDiffNamesTheRowsOnlyOneSideHas() {
    List<String> local = List.of("a", "b", "b");
    List<String> cluster = List.of("a", "b", "c");
    assertThat(TableRows.missingFrom(local, cluster)).containsExactly("b");
    assertThat(TableRows.missingFrom(cluster, local)).containsExactly("c");
  }
}
