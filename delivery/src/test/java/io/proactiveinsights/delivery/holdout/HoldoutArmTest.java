package io.proactiveinsights.delivery.holdout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Golden values from coreutils, not from Java: {@code printf 'm1\0u3' | sha256sum | cut -c1-16}
 * gives the hash prefix, and {@code python3 -c "from decimal import Decimal;
 * print(format(int(Decimal(0.1)*2**64),'016x'))"} the threshold of a share.
 */
class HoldoutArmTest {

  @Test
  void thresholdsAreTheShareTimesTwoToThe64() {
    assertThat(HoldoutArm.thresholdHex(0)).isEqualTo("0000000000000000");
    assertThat(HoldoutArm.thresholdHex(0.1)).isEqualTo("1999999999999a00");
    assertThat(HoldoutArm.thresholdHex(0.2)).isEqualTo("3333333333333400");
    assertThat(HoldoutArm.thresholdHex(0.3)).isEqualTo("4ccccccccccccc00");
    assertThat(HoldoutArm.thresholdHex(0.5)).isEqualTo("8000000000000000");
  }

  @Test
  void armsFollowTheHashPrefixesCoreutilsComputes() {
    // printf 'm1\0u3' | sha256sum | cut -c1-16  ->  0bbf33075fa60955: below 0.1's 1999999999999a00
    assertThat(HoldoutArm.isControl("m1", "u3", 0.1)).isTrue();
    // printf 'm1\0u1' | sha256sum | cut -c1-16  ->  ea53d305df04d93f: above even 0.5's threshold
    assertThat(HoldoutArm.isControl("m1", "u1", 0.5)).isFalse();
    // printf 'msg_tour\0u-1001' | sha256sum | cut -c1-16  ->  3fcb3380c93d9d08
    assertThat(HoldoutArm.isControl("msg_tour", "u-1001", 0.3)).isTrue();
    assertThat(HoldoutArm.isControl("msg_tour", "u-1001", 0.2)).isFalse();
    // printf 'm1\0\xc3\xa9l\xc3\xa8ve' | sha256sum | cut -c1-16  ->  1de10e06c983657d (UTF-8 bytes)
    assertThat(HoldoutArm.isControl("m1", "élève", 0.2)).isTrue();
    assertThat(HoldoutArm.isControl("m1", "élève", 0.1)).isFalse();
  }

  @Test
  void aShareOfZeroHoldsOutNobodyAndHalfHoldsOutAboutHalf() {
    long atZero =
        IntStream.range(0, 10_000).filter(i -> HoldoutArm.isControl("m1", "u" + i, 0)).count();
    long atHalf =
        IntStream.range(0, 10_000).filter(i -> HoldoutArm.isControl("m1", "u" + i, 0.5)).count();

    assertThat(atZero).isZero();
    // Binomial(10000, 0.5): 4 standard deviations are 200 people.
    assertThat(atHalf).isBetween(4_800L, 5_200L);
  }

  @Test
  void aShareAboveHalfOrNotANumberIsRefused() {
    assertThatThrownBy(() -> HoldoutArm.isControl("m1", "u1", 0.51))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share 0.51 is outside 0..0.5");
    assertThatThrownBy(() -> HoldoutArm.thresholdHex(-0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HoldoutArm.isControl("m1", "u1", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
