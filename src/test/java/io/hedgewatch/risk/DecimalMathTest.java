package io.hedgewatch.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalMathTest {

  private static List<BigDecimal> decimals(String... values) {
    return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
  }

  @Test
  void the_middle_value_or_the_mean_of_the_two_middle_values() {
    assertThat(DecimalMath.median(decimals("3", "1", "2"))).isEqualTo(new BigDecimal("2"));
    assertThat(DecimalMath.median(decimals("4", "1", "2", "3"))).isEqualTo(new BigDecimal("2.5"));
    assertThat(DecimalMath.median(decimals("3000.00", "3000.0"))).isEqualTo(new BigDecimal("3000"));
    assertThat(DecimalMath.median(decimals("-0.0001", "0.0003")))
        .isEqualTo(new BigDecimal("0.0001"));
    assertThatThrownBy(() -> DecimalMath.median(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void does_not_depend_on_the_order_and_has_as_many_values_above_as_below() {
    Random random = new Random(20261125L);
    for (int run = 0; run < 500; run++) {
      List<BigDecimal> values = new ArrayList<>();
      int n = 1 + random.nextInt(15);
      for (int i = 0; i < n; i++) {
        values.add(BigDecimal.valueOf(random.nextInt(2_000_001) - 1_000_000, random.nextInt(8)));
      }
      BigDecimal median = DecimalMath.median(values);
      List<BigDecimal> shuffled = new ArrayList<>(values);
      Collections.shuffle(shuffled, random);
      assertThat(DecimalMath.median(shuffled)).isEqualTo(median);
      long below = values.stream().filter(v -> v.compareTo(median) < 0).count();
      long above = values.stream().filter(v -> v.compareTo(median) > 0).count();
      assertThat(below).isLessThanOrEqualTo(n / 2);
      assertThat(above).isLessThanOrEqualTo(n / 2);
    }
  }

  @Test
  void normalized_never_has_a_negative_scale() {
    assertThat(DecimalMath.normalized(new BigDecimal("3000.000")).toPlainString())
        .isEqualTo("3000");
    assertThat(DecimalMath.normalized(new BigDecimal("3E+3")).scale()).isZero();
    assertThat(DecimalMath.normalized(new BigDecimal("0.0100")).toPlainString()).isEqualTo("0.01");
  }
}
