package io.hookgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.publish.RabbitPublisher;
import io.hookgate.testing.BrokerControl;
import io.hookgate.testing.DeliveryInvariant;
import io.hookgate.testing.ProxiedGateway;
import io.hookgate.testing.Teardown;
import io.hookgate.testing.TestBroker;
import io.hookgate.testing.WebhookLoad;
import io.hookgate.testing.WebhookLoad.Attempt;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker connection lost under load, by a network cut or by the broker closing it: what was in
 * flight is answered 503 at once, the client recovers, and the gateway serves 202 again without a
 * restart; every 2xx is in the queue.
 */
class ConnectionLossTest {
  private static final int SENDERS = 20;

  private TestBroker broker;
  private ProxiedGateway fixture;
  private WebhookLoad load;
  // The gateway's broker connections (one per event loop), each carried by the proxy.
  private List<Integer> connectionPorts;
  @RegisterExtension final Teardown teardown = new Teardown();

  @BeforeEach
  void start() throws Exception {
    broker = teardown.add(TestBroker.withBoundQueue());
    fixture = teardown.add(ProxiedGateway.start(broker, "", "")).awaitReady();
    connectionPorts = fixture.proxy.upstreamLocalPorts();
    load = teardown.add(fixture.load(SENDERS));
    await().atMost(Duration.ofSeconds(30)).until(() -> load.count(202) >= 60);
  }

  @Test
  void cutConnectionAnswers503ThenRecoversAndEvery2xxIsQueued() throws Exception {
    long cutAt = System.nanoTime();

    fixture.proxy.cut();
    fixture.proxy.restore(); // A blip: the next connect goes through.

    assertRecoveredAfter(cutAt);
  }

  @Test
  void connectionClosedByTheBrokerAnswers503ThenRecoversAndEvery2xxIsQueued() throws Exception {
    // Only the gateway's own connections: those the proxy carries, found by their peer ports.
    assertThat(connectionPorts).isNotEmpty();
    long closedAt = System.nanoTime();

    for (int port : connectionPorts) {
      BrokerControl.run(
          "close_connection", BrokerControl.connectionPid(port), "hookgate fault test");
    }

    assertRecoveredAfter(closedAt);
  }

  private void assertRecoveredAfter(long faultAt) throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> load.countAnsweredAfter(faultAt, 503) > 0);
    long firstFailure =
        load.attempts().stream()
            .filter(a -> a.answeredNanos() - faultAt > 0 && a.status() == 503)
            .mapToLong(Attempt::answeredNanos)
            .min()
            .orElseThrow();
    // Served again by the same gateway: 202s for requests sent after the first failure.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> load.countSentAfter(firstFailure, 202) >= 60);
    await().atMost(Duration.ofSeconds(30)).until(() -> fixture.readyStatus() == 200);

    List<Attempt> attempts = load.stop();

    DeliveryInvariant.checkFailuresAre503(attempts, true);
    DeliveryInvariant.Summary summary = DeliveryInvariant.check(attempts, broker);
    // Each channel numbered its publishes from 1 again after recovery, so more messages carry
    // number 1 than there are channels (one per connection); the invariant above shows no stale
    // entry took a new ack.
    assertThat(summary.messages())
        .filteredOn(
            m ->
                Long.valueOf(1)
                    .equals(m.getProps().getHeaders().get(RabbitPublisher.SEQUENCE_HEADER)))
        .hasSizeGreaterThan(connectionPorts.size());
  }
}
