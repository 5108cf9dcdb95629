package io.hookgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.Scrape;
import io.hookgate.testing.TcpProxy;
import io.hookgate.testing.Teardown;
import io.hookgate.testing.TestBroker;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /readyz} and the broker gauges follow the broker connection, which a {@link TcpProxy} in
 * front of the shared RabbitMQ cuts, stalls and restores for this gateway alone.
 */
class ReadinessTest {
  private static final String SECRET = "readiness-secret";
  private static final Duration RECONNECT = Duration.ofSeconds(30);

  private TcpProxy proxy;
  private TestBroker broker;
  private GatewayRunner gateway;

  @RegisterExtension final Teardown teardown = new Teardown();

  private void start(String confirmTimeout) throws Exception {
    proxy = teardown.add(TcpProxy.to("127.0.0.1", 5672));
    broker = teardown.add(TestBroker.withBoundQueue());
    String yaml =
        """
        server:
          listen: 127.0.0.1:0
        admin:
          listen: 127.0.0.1:0
        broker:
          urls: ["amqp://guest:guest@127.0.0.1:%d/%%2f"]
          confirm-timeout: %s
        sources:
          github:
            path: /webhooks/github
            verify:
              scheme: github
              secrets: ["${SECRET}"]
            publish:
              exchange: %s
              routing-key: github
        """
            .formatted(proxy.port(), confirmTimeout, broker.exchange);
    gateway = teardown.add(GatewayRunner.start(yaml, Map.of("SECRET", SECRET)));
    await().atMost(RECONNECT).until(() -> gateway.admin("/readyz").statusCode() == 200);
  }

  private HttpRequest push(String id) throws Exception {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HttpRequest.newBuilder(gateway.uri("/webhooks/github"))
        .header("X-GitHub-Delivery", id)
        .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private int send(HttpRequest request) throws Exception {
    return gateway.client().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private double gauge(String name) throws Exception {
    return Scrape.parse(gateway.admin("/metrics").body()).value(name);
  }

  @Test
  void readinessFollowsTheBrokerConnectionThroughACutAndARestore() throws Exception {
    start("5s");
    assertThat(gauge("hookgate_broker_connected")).isEqualTo(1.0);
    // A connection per event loop, each with its one publishing channel.
    assertThat(gauge("rabbitmq_connections")).isPositive();
    assertThat(gauge("rabbitmq_channels")).isEqualTo(gauge("rabbitmq_connections"));

    proxy.cut();

    await()
        .untilAsserted(
            () -> {
              HttpResponse<String> ready = gateway.admin("/readyz");
              assertThat(ready.statusCode()).isEqualTo(503);
              assertThat(ready.body())
                  .isEqualTo("{\"status\":\"not_ready\",\"reason\":\"broker not connected\"}");
            });
    assertThat(gauge("hookgate_broker_connected")).isEqualTo(0.0);
    assertThat(send(push("while-cut"))).isEqualTo(503);
    assertThat(gateway.admin("/healthz").statusCode()).isEqualTo(200);

    proxy.restore();

    await().atMost(RECONNECT).until(() -> gateway.admin("/readyz").statusCode() == 200);
    assertThat(gateway.admin("/readyz").body()).isEqualTo("{\"status\":\"ready\"}");
    assertThat(gauge("hookgate_broker_connected")).isEqualTo(1.0);
    // The publisher channels come back with the connections a moment later.
    await().atMost(RECONNECT).until(() -> send(push("after-restore")) == 202);
    assertThat(broker.drain(1))
        .extracting(m -> m.getProps().getMessageId())
        .containsExactly("after-restore");
  }

  @Test
  void readinessIsWithdrawnWhileDrainingAtShutdown() throws Exception {
    start("30s");
    proxy.stall();
    CompletableFuture<HttpResponse<Void>> inFlight =
        gateway.client().sendAsync(push("draining"), HttpResponse.BodyHandlers.discarding());
    await().until(() -> gauge("hookgate_publishes_in_flight") == 1.0);

    CompletableFuture<Void> closed = CompletableFuture.runAsync(gateway::close);

    await()
        .untilAsserted(
            () -> {
              HttpResponse<String> ready = gateway.admin("/readyz");
              assertThat(ready.statusCode()).isEqualTo(503);
              assertThat(ready.body())
                  .isEqualTo("{\"status\":\"not_ready\",\"reason\":\"shutting down\"}");
            });
    assertThat(closed).isNotDone();

    proxy.resume();

    assertThat(inFlight.get().statusCode()).isEqualTo(202);
    closed.get();
    assertThat(broker.drain(1))
        .extracting(m -> m.getProps().getMessageId())
        .containsExactly("draining");
  }
}
