package io.hookgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.DeliveryInvariant;
import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.ProxiedGateway;
import io.hookgate.testing.TcpProxy;
import io.hookgate.testing.Teardown;
import io.hookgate.testing.TestBroker;
import io.hookgate.testing.WebhookLoad;
import io.hookgate.testing.WebhookLoad.Attempt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code broker.urls} with two entries, each a proxy to the local broker standing in for a cluster
 * node: the gateway connects to the first, and when that one goes away for good it recovers onto
 * the second under load, keeping every 2xx.
 */
class BrokerFailoverTest {
  private static final int SENDERS = 20;

  private TestBroker broker;
  private TcpProxy first;
  private TcpProxy second;
  private GatewayRunner gateway;
  private WebhookLoad load;

  @RegisterExtension final Teardown teardown = new Teardown();

  @Test
  void connectsToTheFirstUrlAndFailsOverToTheNextWhenItIsGone() throws Exception {
    broker = teardown.add(TestBroker.withBoundQueue());
    first = teardown.add(TcpProxy.start("127.0.0.1", 5672));
    second = teardown.add(TcpProxy.start("127.0.0.1", 5672));
    String yaml =
        ProxiedGateway.yaml(broker, first.port(), "", "")
            .replace(
                "urls: [\"amqp://guest:guest@127.0.0.1:" + first.port() + "/%2f\"]",
                "urls: [\"amqp://guest:guest@127.0.0.1:"
                    + first.port()
                    + "/%2f\", \"amqp://guest:guest@127.0.0.1:"
                    + second.port()
                    + "/%2f\"]");
    gateway = teardown.add(GatewayRunner.start(yaml, Map.of()));
    await().until(() -> gateway.admin("/readyz").statusCode() == 200);
    // A connection per event loop, every one to the first node.
    int connections = first.openConnections();
    assertThat(connections).isPositive();
    assertThat(second.openConnections()).isZero();
    load =
        teardown.add(
            WebhookLoad.start(gateway.uri("/webhooks/github"), SENDERS, Duration.ofSeconds(20)));
    await().atMost(Duration.ofSeconds(30)).until(() -> load.count(202) >= 60);

    first.close(); // The node is gone: its connection cut, its port refusing.
    long goneAt = System.nanoTime();

    await().atMost(Duration.ofSeconds(30)).until(() -> second.openConnections() == connections);
    await().until(() -> load.countSentAfter(goneAt, 202) >= 60);
    List<Attempt> attempts = load.stop();

    DeliveryInvariant.checkFailuresAre503(attempts, false);
    DeliveryInvariant.check(attempts, broker);
  }
}
