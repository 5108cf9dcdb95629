package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesTest {

  @ParameterizedTest
  @CsvSource({
    "65536, 65536",
    "512B, 512",
    "64KiB, 65536",
    "1MiB, 1048576",
    "1 MiB, 1048576",
    "2GiB, 2147483648"
  })
  void readsBytesAndBinaryUnits(String text, long bytes) {
    assertThat(Sizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"1KB, K", "1kB, K", "1MB, M", "1GB, G"})
  void refusesDecimalUnitsAsAmbiguous(String text, String letter) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse(text))
        .withMessage(
            "ambiguous unit in '"
                + text
                + "': write "
                + letter
                + "iB for powers of 1024, or the number of bytes");
  }

  @Test
  void refusesAnUnknownUnit() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse("1mib"))
        .withMessage("unknown size unit in '1mib' (expected B, KiB, MiB or GiB)");
  }

  @Test
  void refusesTextWithoutANumber() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse("1.5MiB"))
        .withMessage("not a size: '1.5MiB' (expected bytes or a number with B, KiB, MiB or GiB)");
  }

  @Test
  void refusesZeroAndOverflow() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse("0KiB"))
        .withMessage("size must be greater than zero, got '0KiB'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse("9000000000GiB"))
        .withMessage("size too large: '9000000000GiB'");
  }
}
