package io.hookgate.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts config reloads by result ({@code hookgate_config_reloads_total{result}}) and remembers
 * when the config last loaded successfully ({@code
 * hookgate_config_last_reload_success_timestamp_seconds}), the start counting as the first load, as
 * Prometheus does for its own config.
 */
public final class ReloadMetrics {
  private final Clock clock;
  private final Counter success;
  private final Counter failure;
  private final AtomicLong lastSuccessMillis;

  public ReloadMetrics(MeterRegistry registry, Clock clock) {
    requireNonNull(registry, "registry");
    this.clock = requireNonNull(clock, "clock");
    this.success = reloads(registry, "success");
    this.failure = reloads(registry, "failure");
    this.lastSuccessMillis = new AtomicLong(clock.millis());
    Gauge.builder(
            "hookgate.config.last.reload.success.timestamp",
            lastSuccessMillis,
            millis -> millis.get() / 1000.0)
        .description("When the config last loaded successfully, at start or by a reload")
        .baseUnit("seconds")
        .register(registry);
  }

  private static Counter reloads(MeterRegistry registry, String result) {
    return Counter.builder("hookgate.config.reloads")
        .description("Config reloads, by result; a failed one leaves the previous config serving")
        .tag("result", result)
        .register(registry);
  }

  /** A reload was applied. */
  public void recordSuccess() {
    success.increment();
    lastSuccessMillis.set(clock.millis());
  }

  /** A reload was refused. */
  public void recordFailure() {
    failure.increment();
  }
}
