package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void readsEachUnit() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(Durations.parse("10 s")).isEqualTo(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "1.5s", "-1s", "1d", "5 min", "s", "", "1S"})
  void refusesTextThatIsNotANumberAndAUnit(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse(text))
        .withMessage(
            "not a duration: '"
                + text
                + "' (expected a whole number and a unit ms, s, m or h, such as 250ms, 5m or 24h)");
  }

  @Test
  void refusesZero() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("0ms"))
        .withMessage("duration must be greater than zero, got '0ms'");
  }

  @Test
  void refusesADurationTooLongToRepresent() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("99999999999999999999h"))
        .withMessage("duration too long: '99999999999999999999h'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("9223372036854775807h"))
        .withMessage("duration too long: '9223372036854775807h'");
  }
}
