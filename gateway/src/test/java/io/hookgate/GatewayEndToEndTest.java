package io.hookgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.Teardown;
import io.hookgate.testing.TestBroker;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real gateway against the real RabbitMQ: signed webhooks in, confirmed messages out. */
class GatewayEndToEndTest {
  private static final String SECRET = "It's a Secret to Everybody";

  private TestBroker broker;
  private GatewayRunner gateway;

  @RegisterExtension final Teardown teardown = new Teardown();

  private void start(TestBroker broker) throws Exception {
    this.broker = teardown.add(broker);
    String yaml =
        """
        server:
          listen: 127.0.0.1:0
          max-body: 64KiB
        admin:
          listen: 127.0.0.1:0
        broker:
          urls: ["%s"]
          confirm-timeout: 5s
        sources:
          github:
            path: /webhooks/github
            allow: [127.0.0.0/8, "::1/128"]
            verify:
              scheme: github
              secrets: ["${OLD_SECRET}", "${GITHUB_SECRET}"]
            publish:
              exchange: %s
              routing-key: "github.{header:X-GitHub-Event|unknown}"
        """
            .formatted(TestBroker.URI, broker.exchange);
    gateway =
        teardown.add(
            GatewayRunner.start(yaml, Map.of("GITHUB_SECRET", SECRET, "OLD_SECRET", "retired")));
    await().until(() -> gateway.admin("/readyz").statusCode() == 200);
  }

  private static String sign(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private HttpRequest push(String deliveryId, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return HttpRequest.newBuilder(gateway.uri("/webhooks/github"))
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", "push")
        .header("X-GitHub-Delivery", deliveryId)
        .header("X-Hub-Signature-256", sign(bytes))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return gateway.client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void concurrentSignedRequestsAreEachPublishedOnceWithTheirBytesAndProperties() throws Exception {
    start(TestBroker.withBoundQueue());
    int count = 300;
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Whitespace and key order that a re-serialization would change: bytes must survive.
      String body = "{ \"n\" : " + i + ",\"z\":1, \"a\" : \"\\u00e9\" }";
      responses.add(
          gateway.client().sendAsync(push("d-" + i, body), HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < count; i++) {
      HttpResponse<String> response = responses.get(i).join();
      assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(202);
      assertThat(response.body()).isEqualTo("{\"status\":\"accepted\",\"id\":\"d-" + i + "\"}");
    }

    Map<String, GetResponse> byId = new HashMap<>();
    for (GetResponse message : broker.drain(count)) {
      assertThat(byId.put(message.getProps().getMessageId(), message)).isNull();
    }
    assertThat(byId).hasSize(count);
    for (int i = 0; i < count; i++) {
      GetResponse message = byId.get("d-" + i);
      assertThat(new String(message.getBody(), StandardCharsets.UTF_8))
          .isEqualTo("{ \"n\" : " + i + ",\"z\":1, \"a\" : \"\\u00e9\" }");
      assertThat(message.getEnvelope().getRoutingKey()).isEqualTo("github.push");
      assertThat(message.getProps().getDeliveryMode()).isEqualTo(2);
      assertThat(message.getProps().getContentType()).isEqualTo("application/json");
      assertThat(message.getProps().getTimestamp()).isNotNull();
      assertThat(message.getProps().getHeaders().get("x-source")).hasToString("github");
    }
  }

  @Test
  void sequentialDuplicateIsAnsweredWithoutASecondPublish() throws Exception {
    start(TestBroker.withBoundQueue());

    assertThat(send(push("dup-1", "{}")).statusCode()).isEqualTo(202);
    HttpResponse<String> again = send(push("dup-1", "{}"));

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo("{\"status\":\"duplicate\",\"id\":\"dup-1\"}");
    assertThat(broker.drain(1)).hasSize(1);
  }

  @Test
  void concurrentCopiesOfOneEventArePublishedOnce() throws Exception {
    start(TestBroker.withBoundQueue());
    List<CompletableFuture<HttpResponse<String>>> copies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      copies.add(
          gateway.client().sendAsync(push("same", "{}"), HttpResponse.BodyHandlers.ofString()));
    }

    List<Integer> statuses = copies.stream().map(c -> c.join().statusCode()).toList();

    assertThat(statuses).containsOnly(200, 202);
    assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
    assertThat(broker.drain(1)).hasSize(1);
  }

  @Test
  void missingExchangeIs503AndTheRetryIsPublishedOnceAfterItIsCreated() throws Exception {
    start(TestBroker.unbound());

    HttpResponse<String> refused = send(push("late-1", "{}"));
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();

    broker.bind();
    // The broker closed the channel over the missing exchange; until its replacement is open a
    // retry is refused at once, as a sender's retry would be, and publishes nothing.
    await().until(() -> send(push("late-1", "{}")).statusCode() == 202);
    assertThat(send(push("late-1", "{}")).statusCode()).isEqualTo(200);
    assertThat(broker.drain(1)).hasSize(1);
  }

  @Test
  void unroutablePublishIs503AndNothingIsKept() throws Exception {
    start(TestBroker.withBoundQueue());
    broker.unbind();

    HttpResponse<String> refused = send(push("lost-1", "{}"));

    assertThat(refused.statusCode()).isEqualTo(503);
    broker.bind();
    assertThat(send(push("lost-1", "{}")).statusCode()).isEqualTo(202);
    assertThat(broker.drain(1)).hasSize(1);
  }

  @Test
  void forgedOrUnsignedRequestsAre401AndPublishNothing() throws Exception {
    start(TestBroker.withBoundQueue());
    HttpRequest forged =
        HttpRequest.newBuilder(gateway.uri("/webhooks/github"))
            .header("X-GitHub-Delivery", "forged-1")
            .header("X-Hub-Signature-256", "sha256=" + "00".repeat(32))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    HttpRequest unsigned =
        HttpRequest.newBuilder(gateway.uri("/webhooks/github"))
            .header("X-GitHub-Delivery", "unsigned-1")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    assertThat(send(forged).statusCode()).isEqualTo(401);
    assertThat(send(unsigned).statusCode()).isEqualTo(401);
    assertThat(send(push("after-1", "{}")).statusCode()).isEqualTo(202);
    assertThat(broker.drain(1))
        .extracting(m -> m.getProps().getMessageId())
        .containsExactly("after-1");
  }

  @Test
  void adminListenerServesHealthReadinessAndMetrics() throws Exception {
    start(TestBroker.withBoundQueue());
    send(push("m-1", "{}"));

    assertThat(gateway.admin("/healthz").statusCode()).isEqualTo(200);
    assertThat(gateway.admin("/readyz").body()).isEqualTo("{\"status\":\"ready\"}");
    HttpResponse<String> metrics = gateway.admin("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("hookgate_requests_total{outcome=\"accepted\",source=\"github\"} 1.0")
        .contains("hookgate_publish_duration_seconds_count{result=\"ack\",source=\"github\"} 1")
        .contains("hookgate_broker_connected 1.0");
    broker.drain(1);
  }
}
