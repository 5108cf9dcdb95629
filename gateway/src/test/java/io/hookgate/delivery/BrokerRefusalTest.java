package io.hookgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.DeliveryInvariant;
import io.hookgate.testing.ProxiedGateway;
import io.hookgate.testing.Teardown;
import io.hookgate.testing.TestBroker;
import io.hookgate.testing.WebhookLoad;
import io.hookgate.testing.WebhookLoad.Attempt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker refuses publishes while the connection is fine: a full reject-publish queue nacks, a
 * deleted binding returns. Either way the answer is 503 with Retry-After, never 2xx.
 */
class BrokerRefusalTest {
  private static final int SENDERS = 20;
  private static final int MAX_LENGTH = 50;

  private TestBroker broker;
  private ProxiedGateway fixture;
  private WebhookLoad load;

  @RegisterExtension final Teardown teardown = new Teardown();

  private void start(TestBroker broker) throws Exception {
    this.broker = teardown.add(broker);
    fixture = teardown.add(ProxiedGateway.start(broker, "", "")).awaitReady();
    load = teardown.add(fixture.load(SENDERS));
  }

  @Test
  void fullRejectPublishQueueIsAnswered503AndHoldsExactlyTheAcceptedEvents() throws Exception {
    start(
        TestBroker.withBoundQueue(
            Map.of("x-max-length", MAX_LENGTH, "x-overflow", "reject-publish")));

    await().until(() -> load.count(503) >= 3L * SENDERS);
    List<Attempt> attempts = load.stop();

    DeliveryInvariant.checkFailuresAre503(attempts, false);
    DeliveryInvariant.Summary summary = DeliveryInvariant.check(attempts, broker);
    // Nothing is acknowledged that the queue did not take: exactly its length, each once.
    assertThat(summary.delivered()).isEqualTo(MAX_LENGTH);
    assertThat(summary.queued()).isEqualTo(MAX_LENGTH);
    assertThat(summary.duplicated()).isZero();
  }

  @Test
  void bindingDeletedUnderLoadIsAnswered503NeverAccepted() throws Exception {
    start(TestBroker.withBoundQueue());
    await().until(() -> load.count(202) >= 40);

    broker.unbind();
    long unboundAt = System.nanoTime();
    await().until(() -> load.countSentAfter(unboundAt, 503) >= 2L * SENDERS);
    assertThat(load.countSentAfter(unboundAt, 202)).isZero();
    assertThat(load.countSentAfter(unboundAt, 200)).isZero();

    broker.bind();
    long reboundAt = System.nanoTime();
    await().until(() -> load.countSentAfter(reboundAt, 202) >= 40);
    List<Attempt> attempts = load.stop();

    DeliveryInvariant.checkFailuresAre503(attempts, true);
    DeliveryInvariant.check(attempts, broker);
  }
}
