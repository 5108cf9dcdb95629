package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YamlSectionTest {

  @ParameterizedTest
  @CsvSource({
    "routing-key, routing-key, 0",
    "rotuing-key, routing-key, 1",
    "routingkey, routing-key, 1",
    "route-key, routing-key, 3",
    "secret, secrets, 1",
    "'', ttl, 3"
  })
  void countsASwapOfNeighboursAsOneEdit(String typed, String known, int distance) {
    assertThat(YamlSection.distance(typed, known)).isEqualTo(distance);
    assertThat(YamlSection.distance(known, typed)).isEqualTo(distance);
  }
}
