package io.hookgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.intake.Outcome;
import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.Scrape;
import io.hookgate.testing.TestBroker;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator scrapes from {@code /metrics} after real requests of every outcome through a
 * real gateway and the real broker: the named counters and histograms move exactly once per answer,
 * every metric is described, and no label takes its value from a request.
 */
class OperatorMetricsTest {
  private static final String GITHUB_SECRET = "metrics-github-secret";
  private static final String STRIPE_SECRET = "whsec_metrics";

  private TestBroker broker;
  private GatewayRunner gateway;

  @BeforeEach
  void start() throws Exception {
    broker = TestBroker.withBoundQueue();
    String yaml =
        """
        server:
          listen: 127.0.0.1:0
          max-body: 1KiB
          trusted-proxies: [127.0.0.1/32]
        admin:
          listen: 127.0.0.1:0
        broker:
          urls: ["%s"]
          confirm-timeout: 5s
        sources:
          github:
            path: /webhooks/github
            verify: {scheme: github, secrets: ["${GITHUB_SECRET}"]}
            publish: {exchange: %2$s, routing-key: github}
          stripe:
            path: /webhooks/stripe
            verify: {scheme: stripe, secrets: ["${STRIPE_SECRET}"], tolerance: 5m}
            publish: {exchange: %2$s, routing-key: stripe}
          internal:
            path: /webhooks/internal
            allow: [10.0.0.0/8]
            verify: {scheme: github, secrets: ["${GITHUB_SECRET}"]}
            publish: {exchange: %2$s, routing-key: internal}
        """
            .formatted(TestBroker.URI, broker.exchange);
    gateway =
        GatewayRunner.start(
            yaml, Map.of("GITHUB_SECRET", GITHUB_SECRET, "STRIPE_SECRET", STRIPE_SECRET));
    await().until(() -> gateway.admin("/readyz").statusCode() == 200);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    broker.close();
  }

  private static String hmacHex(String secret, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  private HttpRequest.Builder github(String path, String id, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(gateway.uri(path))
            .header("X-Hub-Signature-256", "sha256=" + hmacHex(GITHUB_SECRET, body))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return id == null ? request : request.header("X-GitHub-Delivery", id);
  }

  private int send(HttpRequest.Builder request) throws Exception {
    return gateway
        .client()
        .send(request.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Sends {@code head} (no body) over a raw socket and returns the response's status line. */
  private String sendRaw(String head) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  private Scrape scrape() throws Exception {
    return Scrape.parse(gateway.admin("/metrics").body());
  }

  @Test
  void countsAndTimesEveryOutcomeOnceBySourceAndOutcome() throws Exception {
    assertThat(send(github("/webhooks/github", "acc-1", "{}"))).isEqualTo(202);
    assertThat(send(github("/webhooks/github", "acc-1", "{}"))).isEqualTo(200);
    assertThat(send(github("/webhooks/github", null, "{}"))).isEqualTo(202);
    assertThat(
            send(
                HttpRequest.newBuilder(gateway.uri("/webhooks/github"))
                    .header("X-GitHub-Delivery", "forged-1")
                    .header("X-Hub-Signature-256", "sha256=" + "00".repeat(32))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))))
        .isEqualTo(401);
    long anHourAgo = System.currentTimeMillis() / 1000 - 3600;
    String stripeBody = "{\"id\":\"evt_stale\"}";
    assertThat(
            send(
                HttpRequest.newBuilder(gateway.uri("/webhooks/stripe"))
                    .header(
                        "Stripe-Signature",
                        "t="
                            + anHourAgo
                            + ",v1="
                            + hmacHex(STRIPE_SECRET, anHourAgo + "." + stripeBody))
                    .POST(HttpRequest.BodyPublishers.ofString(stripeBody))))
        .isEqualTo(401);
    assertThat(send(github("/webhooks/internal", "int-1", "{}"))).isEqualTo(403);
    assertThat(send(github("/nowhere", "nf-1", "{}"))).isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(gateway.uri("/webhooks/github")).GET())).isEqualTo(405);
    assertThat(send(github("/webhooks/github", "big-1", "x".repeat(2048)))).isEqualTo(413);
    assertThat(sendRaw("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n"))
        .startsWith("HTTP/1.1 400");
    broker.unbind();
    assertThat(send(github("/webhooks/github", "lost-1", "{}"))).isEqualTo(503);
    broker.bind();

    Scrape scrape = scrape();
    Map<List<String>, Integer> expected =
        Map.ofEntries(
            Map.entry(List.of("github", "accepted"), 2),
            Map.entry(List.of("github", "duplicate"), 1),
            Map.entry(List.of("github", "unauthorized"), 1),
            Map.entry(List.of("stripe", "stale"), 1),
            Map.entry(List.of("internal", "forbidden"), 1),
            Map.entry(List.of("none", "not_found"), 1),
            Map.entry(List.of("github", "method_not_allowed"), 1),
            Map.entry(List.of("github", "too_large"), 1),
            Map.entry(List.of("github", "bad_request"), 1),
            Map.entry(List.of("github", "unavailable"), 1));
    for (String source : List.of("github", "stripe", "internal", "none")) {
      for (Outcome outcome : Outcome.values()) {
        int count = expected.getOrDefault(List.of(source, outcome.tag()), 0);
        String[] labels = {"source", source, "outcome", outcome.tag()};
        assertThat(scrape.value("hookgate_requests_total", labels))
            .as("requests %s %s", source, outcome)
            .isEqualTo(count);
        assertThat(scrape.value("hookgate_request_duration_seconds_count", labels))
            .as("duration count %s %s", source, outcome)
            .isEqualTo(count);
        assertThat(
                scrape.value(
                    "hookgate_request_duration_seconds_bucket",
                    "source",
                    source,
                    "outcome",
                    outcome.tag(),
                    "le",
                    "+Inf"))
            .isEqualTo(count);
        if (count > 0) {
          assertThat(scrape.value("hookgate_request_duration_seconds_sum", labels)).isPositive();
        }
      }
    }
    assertThat(
            scrape.value(
                "hookgate_publish_duration_seconds_count", "source", "github", "result", "ack"))
        .isEqualTo(2);
    assertThat(
            scrape.value(
                "hookgate_publish_duration_seconds_count",
                "source",
                "github",
                "result",
                "returned"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "hookgate_publish_duration_seconds_sum", "source", "github", "result", "ack"))
        .isPositive();
    assertThat(scrape.value("hookgate_dedup_hits_total", "source", "github")).isEqualTo(1);
    assertThat(scrape.value("hookgate_dedup_hits_total", "source", "stripe")).isZero();
    assertThat(scrape.value("hookgate_events_without_id_total", "source", "github")).isEqualTo(1);
    assertThat(scrape.value("hookgate_dedup_entries")).isEqualTo(1);
    assertThat(scrape.value("hookgate_publishes_in_flight")).isZero();
    assertThat(scrape.value("hookgate_broker_connected")).isEqualTo(1);
    assertThat(scrape.value("hookgate_broker_blocked")).isZero();
    assertThat(scrape.value("rabbitmq_published_total")).isEqualTo(3);
    assertThat(scrape.value("rabbitmq_unrouted_published_total")).isEqualTo(1);
    // Caffeine's binder sees the dedup cache's size and evictions; its hit and miss counts stay 0
    // because claims go through the map view, which is why hookgate_dedup_hits_total exists.
    assertThat(scrape.value("cache_size", "cache", "hookgate.dedup")).isEqualTo(1);
    broker.drain(2);
  }

  @Test
  void exportsEveryContractMetricWithADescription() throws Exception {
    Scrape scrape = scrape();

    assertThat(scrape.names())
        .contains(
            "hookgate_requests_total",
            "hookgate_request_duration_seconds_bucket",
            "hookgate_publish_duration_seconds_bucket",
            "hookgate_publishes_in_flight",
            "hookgate_broker_connected",
            "hookgate_broker_blocked",
            "hookgate_dedup_entries",
            "hookgate_dedup_hits_total",
            "hookgate_events_without_id_total",
            "hookgate_config_reloads_total",
            "hookgate_config_last_reload_success_timestamp_seconds",
            "hookgate_log_events_dropped_total",
            "cache_size",
            "cache_evictions_total",
            "rabbitmq_connections",
            "rabbitmq_channels",
            "rabbitmq_published_total",
            "rabbitmq_acknowledged_published_total",
            "netty_allocator_memory_used",
            "netty_eventexecutor_tasks_pending",
            "jvm_memory_used_bytes",
            "jvm_threads_live_threads",
            "process_cpu_usage");
    for (String result : List.of("ack", "nack", "returned", "timeout", "error")) {
      assertThat(
              scrape.value(
                  "hookgate_publish_duration_seconds_count", "source", "github", "result", result))
          .isZero();
    }
    assertThat(scrape.value("hookgate_requests_total", "source", "github", "outcome", "ignored"))
        .isZero();
    assertThat(scrape.value("hookgate_config_reloads_total", "result", "success")).isZero();
    assertThat(scrape.value("hookgate_config_reloads_total", "result", "failure")).isZero();
    assertThat(scrape.value("hookgate_log_events_dropped_total")).isZero();
    assertThat(scrape.value("hookgate_config_last_reload_success_timestamp_seconds"))
        .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(600.0));
    assertThat(scrape.help()).isNotEmpty();
    assertThat(scrape.help()).allSatisfy((name, help) -> assertThat(help).as(name).isNotBlank());
  }

  @Test
  void distinctEventIdsAndClientAddressesAddNoSeries() throws Exception {
    // One request of each kind first, so every series that traffic can create exists.
    send(github("/webhooks/github", "warm-1", "{}").header("X-Forwarded-For", "192.0.2.1"));
    send(github("/webhooks/github", "warm-1", "{}").header("X-Forwarded-For", "192.0.2.1"));
    Set<String> before = stableSeries(scrape());

    Set<String> ids = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String id = "unique-event-" + i;
      String address =
          i % 2 == 0 ? "198.51.100." + (i % 250) : "2001:db8::" + Integer.toHexString(i);
      ids.add(id);
      addresses.add(address);
      HttpRequest.Builder request =
          i % 3 == 0
              ? HttpRequest.newBuilder(gateway.uri("/webhooks/github"))
                  .header("X-GitHub-Delivery", id)
                  .header("X-Hub-Signature-256", "sha256=" + "11".repeat(32))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
              : github("/webhooks/github", id, "{}");
      responses.add(
          gateway
              .client()
              .sendAsync(
                  request.header("X-Forwarded-For", address).build(),
                  HttpResponse.BodyHandlers.discarding()));
    }
    responses.forEach(CompletableFuture::join);
    Scrape after = scrape();

    assertThat(after.value("hookgate_requests_total", "source", "github", "outcome", "accepted"))
        .isEqualTo(201);
    assertThat(stableSeries(after)).isEqualTo(before);
    Set<String> labelValues =
        after.samples().stream()
            .flatMap(sample -> sample.labels().values().stream())
            .collect(Collectors.toSet());
    assertThat(labelValues).doesNotContainAnyElementsOf(ids).doesNotContainAnyElementsOf(addresses);
    broker.drain(201);
  }

  /**
   * Every series but the JVM's GC pauses, which Micrometer adds the first time a collector runs for
   * a cause (bounded by the JVM's collectors and causes, not by traffic).
   */
  private static Set<String> stableSeries(Scrape scrape) {
    return scrape.series().stream()
        .filter(
            series -> !series.startsWith("jvm_gc_pause") && !series.startsWith("jvm_gc_concurrent"))
        .collect(Collectors.toSet());
  }
}
