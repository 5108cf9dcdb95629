package io.hookgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.impl.MicrometerMetricsCollector;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MeterDescriptionsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  MeterDescriptionsTest() {
    registry.config().meterFilter(new MeterDescriptions());
  }

  @Test
  void everyPublisherSideMeterOfTheRabbitClientGetsADescription() {
    new MicrometerMetricsCollector(registry, MeterDescriptions.RABBITMQ_PREFIX);

    assertThat(registry.getMeters())
        .extracting(meter -> meter.getId().getName())
        .contains(
            "rabbitmq.connections",
            "rabbitmq.channels",
            "rabbitmq.published",
            "rabbitmq.acknowledged_published",
            "rabbitmq.not_acknowledged_published",
            "rabbitmq.unrouted_published",
            "rabbitmq.failed_to_publish");
    assertThat(registry.getMeters())
        .allSatisfy(meter -> assertThat(meter.getId().getDescription()).isNotBlank());
  }

  @Test
  void dropsTheConsumerSideMetersAGatewayNeverMoves() {
    new MicrometerMetricsCollector(registry, MeterDescriptions.RABBITMQ_PREFIX);

    assertThat(registry.getMeters())
        .extracting(Meter::getId)
        .extracting(Meter.Id::getName)
        .doesNotContain(
            "rabbitmq.consumed", "rabbitmq.acknowledged", "rabbitmq.rejected", "rabbitmq.requeued");
  }

  @Test
  void keepsADescriptionTheMeterAlreadyHas() {
    registry.counter("rabbitmq.published");
    io.micrometer.core.instrument.Counter.builder("hookgate.own")
        .description("mine")
        .register(registry);

    assertThat(registry.get("hookgate.own").counter().getId().getDescription()).isEqualTo("mine");
    assertThat(registry.get("rabbitmq.published").counter().getId().getDescription())
        .isEqualTo("Messages the RabbitMQ client published");
  }
}
