package io.hookgate.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts configuration reloads and remembers when the configuration in use was last loaded. The
 * code that reloads calls {@link #recordSuccess()} or {@link #recordFailure()} once per attempt;
 * the start-up load sets the timestamp without counting as a reload, so the alert "last success is
 * old while failures rise" works from the first scrape.
 */
public final class ConfigReloadMetrics {
  private final Clock clock;
  private final Counter successes;
  private final Counter failures;
  private final AtomicLong lastSuccessMillis;

  /** Registers the meters; the configuration in use counts as loaded now. */
  public ConfigReloadMetrics(MeterRegistry registry, Clock clock) {
    requireNonNull(registry, "registry");
    this.clock = requireNonNull(clock, "clock");
    this.lastSuccessMillis = new AtomicLong(clock.millis());
    this.successes = reloads(registry, "success");
    this.failures = reloads(registry, "failure");
    Gauge.builder(
            "hookgate.config.last.reload.success.timestamp.seconds",
            lastSuccessMillis,
            millis -> millis.get() / 1000.0)
        .description("Unix time when the configuration in use was loaded (at start or by reload)")
        .register(registry);
  }

  private static Counter reloads(MeterRegistry registry, String result) {
    return Counter.builder("hookgate.config.reloads")
        .description("Configuration reloads attempted after start, by result")
        .tag("result", result)
        .register(registry);
  }

  /** A new configuration was loaded and is now in use. */
  public void recordSuccess() {
    successes.increment();
    lastSuccessMillis.set(clock.millis());
  }

  /** A reload was refused (the file was invalid); the previous configuration stays in use. */
  public void recordFailure() {
    failures.increment();
  }
}
