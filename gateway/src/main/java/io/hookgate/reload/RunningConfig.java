package io.hookgate.reload;

import static java.util.Objects.requireNonNull;

import io.hookgate.config.GatewayConfig;
import io.hookgate.config.SourceConfig;
import io.hookgate.intake.Source;
import io.hookgate.intake.SourceTable;
import io.hookgate.metrics.GatewayMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config a running gateway serves: its sources (with their verifiers, secrets and routes) as
 * one immutable {@link SourceTable} behind an atomic reference, which {@link #apply} replaces
 * whole. A request looks its source up once and keeps it, so requests in flight finish under the
 * config they started with while new ones see the new sources. The listeners, the broker connection
 * and the dedup cache are built once from the config the gateway started with; changes to them are
 * logged as taking effect on restart.
 */
public final class RunningConfig implements Supplier<SourceTable> {
  private static final Logger log = LoggerFactory.getLogger(RunningConfig.class);

  private final GatewayConfig started;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final AtomicReference<SourceTable> sources;

  /**
   * @param started the config the gateway started with
   * @throws IllegalArgumentException if a source cannot be compiled
   */
  public RunningConfig(GatewayConfig started, GatewayMetrics metrics, Clock clock) {
    this.started = requireNonNull(started, "started");
    this.metrics = requireNonNull(metrics, "metrics");
    this.clock = requireNonNull(clock, "clock");
    this.sources = new AtomicReference<>(compile(started));
  }

  /** The sources in force now. */
  @Override
  public SourceTable get() {
    return sources.get();
  }

  /**
   * Swaps in the sources of {@code next} and logs what changed; everything else in {@code next}
   * that differs from the started config is logged as waiting for a restart.
   *
   * @throws IllegalArgumentException if a source of {@code next} cannot be compiled; then nothing
   *     changes
   */
  public synchronized void apply(GatewayConfig next) {
    requireNonNull(next, "next");
    SourceTable table = compile(next);
    // Series first: a request to a new source must find its meters.
    metrics.addSources(next.sources().stream().map(SourceConfig::name).toList());
    SourceTable previous = sources.getAndSet(table);
    List<String> before = names(previous.all());
    List<String> after = names(table.all());
    log.info(
        "Config reloaded: sources {} (added {}, removed {})",
        after,
        minus(after, before),
        minus(before, after));
    restartOnly("server", started.server(), next.server());
    restartOnly("admin", started.admin(), next.admin());
    restartOnly("broker", started.broker(), next.broker());
    restartOnly("dedup", started.dedup(), next.dedup());
    restartOnly("logging", started.logging(), next.logging());
  }

  private SourceTable compile(GatewayConfig config) {
    return new SourceTable(config.sources().stream().map(s -> Source.of(s, clock)).toList());
  }

  private static void restartOnly(String section, Object running, Object next) {
    if (!running.equals(next)) {
      log.warn(
          "The '{}' section changed; it takes effect on restart, the running gateway keeps the old"
              + " one",
          section);
    }
  }

  private static List<String> names(List<Source> sources) {
    return sources.stream().map(Source::name).toList();
  }

  private static List<String> minus(List<String> a, List<String> b) {
    List<String> rest = new ArrayList<>(a);
    rest.removeAll(b);
    return rest;
  }
}
