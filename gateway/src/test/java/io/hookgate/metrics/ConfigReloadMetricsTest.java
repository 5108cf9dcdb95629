package io.hookgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConfigReloadMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.ofEpochSecond(1_700_000_000));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final ConfigReloadMetrics metrics = new ConfigReloadMetrics(registry, clock);

  private double reloads(String result) {
    return registry.get("hookgate.config.reloads").tag("result", result).counter().count();
  }

  private double lastSuccess() {
    return registry.get("hookgate.config.last.reload.success.timestamp.seconds").gauge().value();
  }

  @Test
  void startUpLoadSetsTheTimestampWithoutCountingAReload() {
    assertThat(lastSuccess()).isEqualTo(1_700_000_000.0);
    assertThat(reloads("success")).isZero();
    assertThat(reloads("failure")).isZero();
  }

  @Test
  void successCountsAndMovesTheTimestamp() {
    now.set(now.get().plus(Duration.ofSeconds(90)));

    metrics.recordSuccess();

    assertThat(reloads("success")).isEqualTo(1);
    assertThat(lastSuccess()).isEqualTo(1_700_000_090.0);
  }

  @Test
  void failureCountsButKeepsTheLastSuccess() {
    now.set(now.get().plus(Duration.ofSeconds(90)));

    metrics.recordFailure();
    metrics.recordFailure();

    assertThat(reloads("failure")).isEqualTo(2);
    assertThat(reloads("success")).isZero();
    assertThat(lastSuccess()).isEqualTo(1_700_000_000.0);
  }
}
