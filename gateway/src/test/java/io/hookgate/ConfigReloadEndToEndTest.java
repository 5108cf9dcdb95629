package io.hookgate;

import static io.hookgate.testing.GitHubWebhooks.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.TestBroker;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reload of the real gateway under load against the real broker: a valid new file swaps in new
 * sources, routes and secrets without failing a single request, keeps dedup state; a broken file
 * changes nothing and is counted.
 */
class ConfigReloadEndToEndTest {
  private static final String OLD_SECRET = "old-secret";
  private static final String NEW_SECRET = "new-secret";
  private static final String EXTRA_SECRET = "extra-secret";
  private static final int SENDERS = 8;

  @TempDir Path directory;
  private Path file;
  private TestBroker broker;
  private GatewayRunner gateway;

  @BeforeEach
  void start() throws Exception {
    broker = TestBroker.withBoundQueue();
    file = directory.resolve("gateway.yaml");
    Files.writeString(file, before());
    gateway =
        GatewayRunner.start(
            file, Map.of("OLD", OLD_SECRET, "NEW", NEW_SECRET, "EXTRA", EXTRA_SECRET));
    await().until(() -> gateway.admin("/readyz").statusCode() == 200);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      gateway.close();
    } finally {
      broker.close();
    }
  }

  private String before() {
    return """
        server: {listen: 127.0.0.1:0}
        admin: {listen: 127.0.0.1:0}
        broker: {urls: ["%s"], confirm-timeout: 10s}
        sources:
          github:
            path: /webhooks/github
            verify: {scheme: github, secrets: ["${OLD}"]}
            publish: {exchange: %s, routing-key: "before.{header:X-GitHub-Event}"}
        """
        .formatted(TestBroker.URI, broker.exchange);
  }

  /** Adds a source, rotates github's secret (keeping the old one) and changes its routing. */
  private String after() {
    return """
        server: {listen: 127.0.0.1:0}
        admin: {listen: 127.0.0.1:0}
        broker: {urls: ["%1$s"], confirm-timeout: 10s}
        sources:
          github:
            path: /webhooks/github
            verify: {scheme: github, secrets: ["${NEW}", "${OLD}"]}
            routes:
              - when: {header: X-GitHub-Event, equals: ping}
                exchange: %2$s
                routing-key: after.ping
              - exchange: %2$s
                routing-key: "after.{header:X-GitHub-Event}"
          extra:
            path: /webhooks/extra
            verify: {scheme: github, secrets: ["${EXTRA}"]}
            publish: {exchange: %2$s, routing-key: extra}
        """
        .formatted(TestBroker.URI, broker.exchange);
  }

  /** Replaces the file in one step, as deploy tools do, so no reload sees it half written. */
  private void replace(String content) throws Exception {
    Path next = directory.resolve("gateway.yaml.next");
    Files.writeString(next, content);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private HttpResponse<String> send(String path, String secret, String id) throws Exception {
    return gateway
        .client()
        .send(
            request(gateway.uri(path), secret, id, "push", "{}"),
            HttpResponse.BodyHandlers.ofString());
  }

  private double metric(String series) throws Exception {
    Matcher matcher =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
            .matcher(gateway.admin("/metrics").body());
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
  }

  @Test
  void aValidReloadFailsNoRequestAndABrokenOneChangesNothing() throws Exception {
    double started = metric("hookgate_config_last_reload_success_timestamp_seconds");
    assertThat(started).isPositive();
    assertThat(send("/webhooks/github", OLD_SECRET, "kept-1").statusCode()).isEqualTo(202);
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    AtomicInteger answered = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    List<Future<?>> running = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      int sender = s;
      running.add(
          senders.submit(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  String id = "load-" + sender + "-" + i;
                  statuses.put(id, send("/webhooks/github", OLD_SECRET, id).statusCode());
                  answered.incrementAndGet();
                }
                return null;
              }));
    }
    try {
      await().until(() -> answered.get() >= 200);
      replace(after());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> metric("hookgate_config_reloads_total{result=\"success\"}") == 1.0);
      int atReload = answered.get();
      await().until(() -> answered.get() >= atReload + 200);
    } finally {
      stop.set(true);
      for (Future<?> sender : running) {
        sender.get();
      }
      senders.shutdown();
    }

    // No request failed because of the reload.
    assertThat(statuses)
        .isNotEmpty()
        .allSatisfy((id, status) -> assertThat(status).as(id).isEqualTo(202));
    // New requests see the new sources, routes and secrets; dedup state of github was kept.
    assertThat(send("/webhooks/extra", EXTRA_SECRET, "extra-1").statusCode()).isEqualTo(202);
    assertThat(send("/webhooks/github", NEW_SECRET, "rotated-1").statusCode()).isEqualTo(202);
    HttpResponse<String> repeat = send("/webhooks/github", NEW_SECRET, "kept-1");
    assertThat(repeat.statusCode()).isEqualTo(200);
    assertThat(repeat.body()).contains("duplicate");
    assertThat(metric("hookgate_requests_total{outcome=\"accepted\",source=\"extra\"}"))
        .isEqualTo(1.0);
    assertThat(metric("hookgate_config_last_reload_success_timestamp_seconds"))
        .isGreaterThanOrEqualTo(started);

    List<GetResponse> messages = broker.drain(statuses.size() + 3);
    assertThat(messages).hasSize(statuses.size() + 3);
    assertThat(messages)
        .extracting(m -> m.getEnvelope().getRoutingKey())
        .containsOnly("before.push", "after.push", "extra")
        .contains("before.push", "after.push");

    // A broken file is refused: everything keeps serving as before, and the failure is counted.
    assertThat(metric("hookgate_config_reloads_total{result=\"failure\"}")).isZero();
    replace(after().replace("scheme: github, secrets: [\"${EXTRA}\"]", "scheme: githb"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> metric("hookgate_config_reloads_total{result=\"failure\"}") == 1.0);
    assertThat(metric("hookgate_config_reloads_total{result=\"success\"}")).isEqualTo(1.0);
    assertThat(send("/webhooks/extra", EXTRA_SECRET, "extra-2").statusCode()).isEqualTo(202);
    assertThat(send("/webhooks/github", NEW_SECRET, "rotated-2").statusCode()).isEqualTo(202);
    assertThat(broker.drain(2))
        .extracting(m -> m.getEnvelope().getRoutingKey())
        .containsExactlyInAnyOrder("extra", "after.push");
  }
}
