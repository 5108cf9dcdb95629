package io.hookgate;

import static io.hookgate.testing.GitHubWebhooks.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.TestBroker;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing rules on the real gateway and broker: where each event lands, and what is dropped. */
class RoutingEndToEndTest {
  private static final String SECRET = "routing-secret";

  private TestBroker broker;
  private GatewayRunner gateway;

  @BeforeEach
  void start() throws Exception {
    broker = TestBroker.withBoundQueue();
    String yaml =
        """
        server: {listen: 127.0.0.1:0}
        admin: {listen: 127.0.0.1:0}
        broker: {urls: ["%1$s"]}
        sources:
          github:
            path: /webhooks/github
            verify: {scheme: github, secrets: ["${SECRET}"]}
            routes:
              - when: {header: X-GitHub-Event, equals: push}
                exchange: %2$s
                routing-key: "github.push.{json:/ref|none}"
              - when:
                  all:
                    - {header: X-GitHub-Event, in: [issues, pull_request]}
                    - {json: /action, matches: "opened|closed"}
                exchange: %2$s
                routing-key: "github.{header:X-GitHub-Event}.{json:/action}"
            unmatched: ignore
            forward-headers: [X-GitHub-Event, X-Hub-Signature-256-Not-Really]
          strict:
            path: /webhooks/strict
            verify: {scheme: github, secrets: ["${SECRET}"]}
            routes:
              - when: {json: /important, equals: true}
                exchange: %2$s
                routing-key: strict
            unmatched: reject
        """
            .formatted(TestBroker.URI, broker.exchange);
    gateway = GatewayRunner.start(yaml, Map.of("SECRET", SECRET));
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

  private HttpResponse<String> send(String path, String id, String event, String body)
      throws Exception {
    return gateway
        .client()
        .send(
            request(gateway.uri(path), SECRET, id, event, body),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void eachEventLandsUnderTheKeyOfTheFirstRouteThatTakesIt() throws Exception {
    assertThat(send("/webhooks/github", "p-1", "push", "{\"ref\":\"main\"}").statusCode())
        .isEqualTo(202);
    assertThat(send("/webhooks/github", "i-1", "issues", "{\"action\":\"opened\"}").statusCode())
        .isEqualTo(202);

    List<GetResponse> messages = broker.drain(2);

    assertThat(messages)
        .extracting(m -> m.getEnvelope().getRoutingKey())
        .containsExactlyInAnyOrder("github.push.main", "github.issues.opened");
    GetResponse push =
        messages.stream().filter(m -> m.getProps().getMessageId().equals("p-1")).findFirst().get();
    Map<String, Object> headers = push.getProps().getHeaders();
    assertThat(headers.get("X-GitHub-Event")).hasToString("push");
    assertThat(headers.get("x-source")).hasToString("github");
    assertThat(headers.get("x-event-id")).hasToString("p-1");
    assertThat(headers.get("x-received-at").toString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(headers).doesNotContainKey("X-Hub-Signature-256");
  }

  @Test
  void eventNoRouteTakesIsIgnoredOrRejectedAndNeverPublished() throws Exception {
    HttpResponse<String> ignored =
        send("/webhooks/github", "g-1", "issues", "{\"action\":\"labeled\"}");
    HttpResponse<String> rejected = send("/webhooks/strict", "s-1", "push", "{}");
    HttpResponse<String> taken = send("/webhooks/strict", "s-2", "push", "{\"important\":true}");

    assertThat(ignored.statusCode()).isEqualTo(200);
    assertThat(ignored.body()).isEqualTo("{\"status\":\"ignored\",\"id\":\"g-1\"}");
    assertThat(rejected.statusCode()).isEqualTo(422);
    assertThat(rejected.body()).isEqualTo("{\"status\":\"unmatched\",\"id\":\"s-1\"}");
    assertThat(taken.statusCode()).isEqualTo(202);
    // Only the taken event is in the queue: drain checks that nothing follows it.
    assertThat(broker.drain(1)).extracting(m -> m.getProps().getMessageId()).containsExactly("s-2");
    String metrics = gateway.admin("/metrics").body();
    assertThat(metrics)
        .contains("hookgate_requests_total{outcome=\"ignored\",source=\"github\"} 1.0")
        .contains("hookgate_requests_total{outcome=\"unmatched\",source=\"strict\"} 1.0");
  }
}
