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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RabbitMQ is down when the gateway starts: it starts anyway, is not ready, answers 503, and
 * connects by itself once the broker answers (the client never retries a first connection, so the
 * gateway does).
 */
class BrokerDownAtStartTest {
  private static final int SENDERS = 20;

  private TestBroker broker;
  private GatewayRunner gateway;
  private TcpProxy proxy;
  private WebhookLoad load;

  @RegisterExtension final Teardown teardown = new Teardown();

  @Test
  void startsWithoutTheBrokerAnswers503AndConnectsWhenItComesUp() throws Exception {
    broker = teardown.add(TestBroker.withBoundQueue());
    int port = closedPort();
    gateway =
        teardown.add(GatewayRunner.start(ProxiedGateway.yaml(broker, port, "", ""), Map.of()));

    assertThat(gateway.admin("/readyz").statusCode()).isEqualTo(503);
    assertThat(gateway.admin("/readyz").body()).contains("broker not connected");
    load =
        teardown.add(
            WebhookLoad.start(gateway.uri("/webhooks/github"), SENDERS, Duration.ofSeconds(20)));
    await().until(() -> load.count(503) >= 2L * SENDERS);
    assertThat(load.count(Attempt::delivered)).isZero();

    proxy = teardown.add(TcpProxy.start("127.0.0.1", 5672, port));
    long upAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).until(() -> load.countSentAfter(upAt, 202) >= 40);
    assertThat(gateway.admin("/readyz").statusCode()).isEqualTo(200);
    List<Attempt> attempts = load.stop();

    DeliveryInvariant.checkFailuresAre503(attempts, false);
    DeliveryInvariant.check(attempts, broker);
  }

  /** A loopback port nothing listens on (now): connections to it are refused. */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
