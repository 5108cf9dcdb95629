package io.hookgate.metrics;

import static java.util.Objects.requireNonNull;

import io.hookgate.dedup.Deduplicator;
import io.hookgate.publish.RabbitPublisher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.function.LongSupplier;

/**
 * Gauges of the broker connections and dedup cache, the log events dropped, plus Micrometer's JVM
 * and process binders.
 */
public final class RuntimeMetrics implements MeterBinder {
  private final RabbitPublisher publisher;
  private final Deduplicator deduplicator;
  private final LongSupplier droppedLogEvents;

  /**
   * @param droppedLogEvents log events dropped so far because the log writer's queue was full
   */
  public RuntimeMetrics(
      RabbitPublisher publisher, Deduplicator deduplicator, LongSupplier droppedLogEvents) {
    this.publisher = requireNonNull(publisher, "publisher");
    this.deduplicator = requireNonNull(deduplicator, "deduplicator");
    this.droppedLogEvents = requireNonNull(droppedLogEvents, "droppedLogEvents");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("hookgate.publishes.in.flight", publisher, RabbitPublisher::inFlight)
        .description("Publishes awaiting the broker's confirm")
        .register(registry);
    Gauge.builder("hookgate.broker.connected", publisher, p -> p.connected() ? 1 : 0)
        .description("1 while every broker connection is open")
        .register(registry);
    Gauge.builder("hookgate.broker.blocked", publisher, p -> p.blocked() ? 1 : 0)
        .description("1 while the broker blocks publishers (memory or disk alarm)")
        .register(registry);
    Gauge.builder("hookgate.dedup.entries", deduplicator, Deduplicator::size)
        .description("Event ids remembered for deduplication, confirmed or in flight")
        .register(registry);
    FunctionCounter.builder(
            "hookgate.log.events.dropped", droppedLogEvents, LongSupplier::getAsLong)
        .description("Log events dropped, never written, because the log writer's queue was full")
        .register(registry);
    CaffeineCacheMetrics.monitor(registry, deduplicator.cache(), "hookgate.dedup");
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }
}
