package io.hookgate.metrics;

import static java.util.Objects.requireNonNull;

import io.hookgate.intake.Outcome;
import io.hookgate.publish.PublishResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's request meters. Every series is created when a source is configured (at start, or
 * by a reload that adds it), for every outcome, and {@code none} for unknown paths, so the request
 * path only looks meters up and no tag value ever comes from a request. A source removed by a
 * reload keeps its series until restart: they stay bounded by the names config files gave.
 */
public final class GatewayMetrics {
  /** The source tag of requests that matched no source. */
  public static final String NO_SOURCE = "none";

  /**
   * Histogram buckets of both durations. Fixed buckets rather than Micrometer's percentile
   * histogram (about 70 buckets from 1ms to 30s): every bucket is a series per source and outcome,
   * and these 14 cover what a webhook sender's timeout and a confirm timeout can tell apart.
   */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  // Read on event loops while a reload may add sources: concurrent maps, filled before use.
  private final Map<String, EnumMap<Outcome, RequestMeters>> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> withoutId = new ConcurrentHashMap<>();
  private final Map<String, Counter> dedupHits = new ConcurrentHashMap<>();
  private final Map<String, EnumMap<PublishResult, Timer>> publishes = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  public GatewayMetrics(MeterRegistry registry, List<String> sources) {
    this.registry = requireNonNull(registry, "registry");
    register(registry, NO_SOURCE);
    addSources(sources);
  }

  /**
   * Creates the series of every source in {@code sources} that has none yet; a reload calls it
   * before the new sources can receive requests.
   */
  public synchronized void addSources(List<String> sources) {
    for (String source : sources) {
      if (publishes.containsKey(source)) {
        continue;
      }
      register(registry, source);
      withoutId.put(
          source,
          Counter.builder("hookgate.events.without.id")
              .description("Accepted events that carried no event id, so were not deduplicated")
              .tag("source", source)
              .register(registry));
      dedupHits.put(
          source,
          Counter.builder("hookgate.dedup.hits")
              .description("Requests answered as duplicates of an event id already confirmed")
              .tag("source", source)
              .register(registry));
      EnumMap<PublishResult, Timer> byResult = new EnumMap<>(PublishResult.class);
      for (PublishResult result : PublishResult.values()) {
        byResult.put(
            result,
            Timer.builder("hookgate.publish.duration")
                .description("Time from publishing an event to the broker's answer, by result")
                .tags("source", source, "result", result.tag())
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
      }
      publishes.put(source, byResult);
    }
  }

  private void register(MeterRegistry registry, String source) {
    EnumMap<Outcome, RequestMeters> byOutcome = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      byOutcome.put(
          outcome,
          new RequestMeters(
              Counter.builder("hookgate.requests")
                  .description("Webhook requests answered, by source and outcome")
                  .tags("source", source, "outcome", outcome.tag())
                  .register(registry),
              Timer.builder("hookgate.request.duration")
                  .description("Time from a request's head to its response being written")
                  .tags("source", source, "outcome", outcome.tag())
                  .serviceLevelObjectives(BUCKETS)
                  .register(registry)));
    }
    requests.put(source, byOutcome);
  }

  /** Counts one answered request and how long it took; a duplicate also counts as a dedup hit. */
  public void recordRequest(String source, Outcome outcome, long durationNanos) {
    EnumMap<Outcome, RequestMeters> byOutcome = requests.get(source);
    RequestMeters meters = (byOutcome != null ? byOutcome : requests.get(NO_SOURCE)).get(outcome);
    meters.count.increment();
    meters.duration.record(durationNanos, TimeUnit.NANOSECONDS);
    if (outcome == Outcome.DUPLICATE) {
      Counter hits = dedupHits.get(source);
      if (hits != null) {
        hits.increment();
      }
    }
  }

  /** Counts an accepted event that had no id. */
  public void recordEventWithoutId(String source) {
    Counter counter = withoutId.get(source);
    if (counter != null) {
      counter.increment();
    }
  }

  /** Records how long one publish of {@code source} took to end with {@code result}. */
  public void recordPublish(String source, PublishResult result, long durationNanos) {
    EnumMap<PublishResult, Timer> byResult = publishes.get(source);
    if (byResult != null) {
      byResult.get(result).record(durationNanos, TimeUnit.NANOSECONDS);
    }
  }

  private record RequestMeters(Counter count, Timer duration) {}
}
