package io.hookgate.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Map;
import java.util.Set;

/**
 * Describes the third-party meters that register without a description (the RabbitMQ client's
 * collector, Netty's allocator and event-loop binders), so every metric on {@code /metrics} has a
 * {@code # HELP} line, and drops the client's consumer-side meters, which a gateway that only
 * publishes would report as a constant 0. Configure it on the registry before binding anything.
 */
public final class MeterDescriptions implements MeterFilter {
  /** The name prefix of the RabbitMQ client's meters. */
  public static final String RABBITMQ_PREFIX = "rabbitmq";

  private static final Set<String> CONSUMER_SIDE =
      Set.of(
          "rabbitmq.consumed", "rabbitmq.acknowledged", "rabbitmq.rejected", "rabbitmq.requeued");

  private static final Map<String, String> DESCRIPTIONS =
      Map.ofEntries(
          Map.entry("rabbitmq.connections", "Open AMQP connections of the RabbitMQ client"),
          Map.entry("rabbitmq.channels", "Open AMQP channels of the RabbitMQ client"),
          Map.entry("rabbitmq.published", "Messages the RabbitMQ client published"),
          Map.entry("rabbitmq.failed_to_publish", "Messages the RabbitMQ client failed to publish"),
          Map.entry(
              "rabbitmq.acknowledged_published", "Published messages the broker confirmed (ack)"),
          Map.entry(
              "rabbitmq.not_acknowledged_published",
              "Published messages the broker refused (nack)"),
          Map.entry("rabbitmq.unrouted_published", "Published messages returned as unroutable"),
          Map.entry("netty.allocator.memory.used", "Memory held by Netty's buffer allocator"),
          Map.entry(
              "netty.allocator.memory.pinned", "Memory of Netty's allocator in buffers in use"),
          Map.entry("netty.allocator.pooled.arenas", "Arenas of Netty's pooled allocator"),
          Map.entry("netty.allocator.pooled.cache.size", "Cache sizes of Netty's pooled allocator"),
          Map.entry(
              "netty.allocator.pooled.threadlocal.caches",
              "Thread-local caches of Netty's pooled allocator"),
          Map.entry("netty.allocator.pooled.chunk.size", "Chunk size of Netty's pooled allocator"),
          Map.entry("netty.eventexecutor.tasks.pending", "Tasks queued on a Netty event loop"),
          Map.entry("netty.eventexecutor.workers", "Event loops in a Netty event loop group"));

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    return CONSUMER_SIDE.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    String description = DESCRIPTIONS.get(id.getName());
    if (id.getDescription() != null || description == null) {
      return id;
    }
    return new Meter.Id(
        id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
  }
}
