package io.hookgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.DeliveryInvariant;
import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.ProxiedGateway;
import io.hookgate.testing.Teardown;
import io.hookgate.testing.TestBroker;
import io.hookgate.testing.WebhookLoad;
import io.hookgate.testing.WebhookLoad.Attempt;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source's rate limit under concurrent load: exactly the burst is accepted, the rest is 429 with
 * a Retry-After that says when a token is back, forged requests spend no tokens, and nothing
 * refused is published.
 */
class RateLimitEndToEndTest {
  private static final int SENDERS = 20;
  private static final int BURST = 10;

  private TestBroker broker;
  private GatewayRunner gateway;
  private WebhookLoad load;

  @RegisterExtension final Teardown teardown = new Teardown();

  @Test
  void acceptsTheBurstAndAnswersTheRest429WithRetryAfter() throws Exception {
    broker = teardown.add(TestBroker.withBoundQueue());
    String yaml =
        ProxiedGateway.yaml(broker, 5672, "", "")
            + "    rate-limit: {rate: 1/h, burst: "
            + BURST
            + "}\n";
    gateway = teardown.add(GatewayRunner.start(yaml, Map.of()));
    await().until(() -> gateway.admin("/readyz").statusCode() == 200);
    for (int i = 0; i < 3 * BURST; i++) {
      HttpRequest forged =
          HttpRequest.newBuilder(gateway.uri("/webhooks/github"))
              .header("X-GitHub-Delivery", "forged-" + i)
              .header("X-Hub-Signature-256", "sha256=" + "00".repeat(32))
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build();
      assertThat(gateway.client().send(forged, HttpResponse.BodyHandlers.discarding()).statusCode())
          .isEqualTo(401);
    }

    load =
        teardown.add(
            WebhookLoad.start(gateway.uri("/webhooks/github"), SENDERS, Duration.ofSeconds(20)));
    await().until(() -> load.count(429) >= 2L * SENDERS);
    List<Attempt> attempts = load.stop();

    assertThat(attempts).filteredOn(Attempt::delivered).hasSize(BURST);
    assertThat(attempts)
        .filteredOn(a -> !a.delivered())
        .allSatisfy(
            a -> {
              assertThat(a.status()).as("refused attempt %s", a).isEqualTo(429);
              // One token an hour: the next one is minutes away, not the default second.
              assertThat(Long.parseLong(a.retryAfter()))
                  .as("Retry-After of %s", a)
                  .isGreaterThan(60);
            });
    DeliveryInvariant.Summary summary = DeliveryInvariant.check(attempts, broker);
    assertThat(summary.queued()).isEqualTo(BURST);
  }
}
