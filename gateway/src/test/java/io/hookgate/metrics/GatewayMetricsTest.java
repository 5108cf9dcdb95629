package io.hookgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.intake.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry, List.of("github", "stripe"));

  private double requests(String source, Outcome outcome) {
    return registry
        .get("hookgate.requests")
        .tags("source", source, "outcome", outcome.tag())
        .counter()
        .count();
  }

  private double dedupHits(String source) {
    return registry.get("hookgate.dedup.hits").tag("source", source).counter().count();
  }

  @Test
  void registersEveryOutcomeForEverySourceAndNoneBeforeAnyRequest() {
    for (String source : List.of("github", "stripe", GatewayMetrics.NO_SOURCE)) {
      for (Outcome outcome : Outcome.values()) {
        assertThat(requests(source, outcome)).as("%s %s", source, outcome).isZero();
      }
    }
    assertThat(dedupHits("github")).isZero();
  }

  @Test
  void countsDuplicatesAsDedupHitsOfTheirSource() {
    metrics.recordRequest("github", Outcome.DUPLICATE, 1_000);
    metrics.recordRequest("github", Outcome.DUPLICATE, 1_000);
    metrics.recordRequest("github", Outcome.ACCEPTED, 1_000);
    metrics.recordRequest("stripe", Outcome.ACCEPTED, 1_000);

    assertThat(dedupHits("github")).isEqualTo(2);
    assertThat(dedupHits("stripe")).isZero();
    assertThat(requests("github", Outcome.DUPLICATE)).isEqualTo(2);
  }

  @Test
  void anUnknownSourceIsCountedAsNone() {
    metrics.recordRequest("not-configured", Outcome.NOT_FOUND, 1_000);

    assertThat(requests(GatewayMetrics.NO_SOURCE, Outcome.NOT_FOUND)).isEqualTo(1);
    assertThat(registry.find("hookgate.requests").tag("source", "not-configured").meters())
        .isEmpty();
  }

  @Test
  void durationsLandInTheFixedBuckets() {
    metrics.recordRequest("github", Outcome.ACCEPTED, TimeUnit.MILLISECONDS.toNanos(30));

    var histogram =
        registry
            .get("hookgate.request.duration")
            .tags("source", "github", "outcome", "accepted")
            .timer()
            .takeSnapshot()
            .histogramCounts();
    assertThat(histogram).hasSize(GatewayMetrics.BUCKETS.length);
    assertThat(histogram)
        .filteredOn(bucket -> bucket.bucket(TimeUnit.MILLISECONDS) == 25)
        .singleElement()
        .satisfies(bucket -> assertThat(bucket.count()).isZero());
    assertThat(histogram)
        .filteredOn(bucket -> bucket.bucket(TimeUnit.MILLISECONDS) == 50)
        .singleElement()
        .satisfies(bucket -> assertThat(bucket.count()).isEqualTo(1));
  }
}
