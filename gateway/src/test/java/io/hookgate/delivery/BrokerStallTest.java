package io.hookgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.DeliveryInvariant;
import io.hookgate.testing.ProxiedGateway;
import io.hookgate.testing.Teardown;
import io.hookgate.testing.TestBroker;
import io.hookgate.testing.WebhookLoad;
import io.hookgate.testing.WebhookLoad.Attempt;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker stops answering while the TCP connection stays open (the proxy stops forwarding): the
 * gateway answers 503 after the confirm timeout (1s), long before a missed heartbeat (the client's
 * default, 60s) could tell it the connection is dead, and serves again once bytes flow.
 */
class BrokerStallTest {
  private static final int SENDERS = 20;

  private TestBroker broker;
  private ProxiedGateway fixture;
  private WebhookLoad load;

  @RegisterExtension final Teardown teardown = new Teardown();

  @Test
  void stalledBrokerIsAnswered503WithinTheConfirmTimeoutNotTheHeartbeat() throws Exception {
    broker = teardown.add(TestBroker.withBoundQueue());
    fixture = teardown.add(ProxiedGateway.start(broker, "", "")).awaitReady();
    load = teardown.add(fixture.load(SENDERS));
    await().atMost(Duration.ofSeconds(30)).until(() -> load.count(202) >= 60);

    int connections = fixture.proxy.openConnections();
    long pausedAt = System.nanoTime();
    fixture.proxy.pause();
    try {
      // Every sender gets its 503 while nothing moves: these answers cannot come from a heartbeat
      // timeout (that takes two 60s intervals), nor from the broker, which sees nothing.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> load.countSentAfter(pausedAt, 503) >= SENDERS);
      assertThat(fixture.proxy.openConnections()).isEqualTo(connections);
    } finally {
      fixture.proxy.resume();
    }
    long resumedAt = System.nanoTime();
    await().until(() -> load.countSentAfter(resumedAt, 202) >= 60);

    List<Attempt> attempts = load.stop();
    DeliveryInvariant.checkFailuresAre503(attempts, false);
    DeliveryInvariant.check(attempts, broker);
  }
}
