package io.hookgate.testing;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A real gateway whose only way to RabbitMQ is a {@link TcpProxy} the test controls, publishing to
 * a {@link TestBroker} queue of its own: the fixture of the broker fault tests.
 */
public final class ProxiedGateway implements AutoCloseable {
  /** Confirm timeout of the gateway under test: short, so timeouts show long before heartbeats. */
  public static final String CONFIRM_TIMEOUT = "1s";

  public final TestBroker broker;
  public final TcpProxy proxy;
  public final GatewayRunner gateway;

  private ProxiedGateway(TestBroker broker, TcpProxy proxy, GatewayRunner gateway) {
    this.broker = broker;
    this.proxy = proxy;
    this.gateway = gateway;
  }

  /**
   * Starts the gateway through a new proxy to the local broker; {@code serverLines} and {@code
   * brokerLines} are extra YAML lines (indented two spaces) for those sections.
   */
  public static ProxiedGateway start(TestBroker broker, String serverLines, String brokerLines)
      throws Exception {
    TcpProxy proxy = TcpProxy.start("127.0.0.1", 5672);
    try {
      GatewayRunner gateway =
          GatewayRunner.start(yaml(broker, proxy.port(), serverLines, brokerLines), Map.of());
      return new ProxiedGateway(broker, proxy, gateway);
    } catch (Exception | Error e) {
      proxy.close();
      throw e;
    }
  }

  /**
   * The gateway's config: loopback listeners, the broker at {@code port}, one GitHub source, and
   * {@link #CONFIRM_TIMEOUT} unless {@code brokerLines} sets one.
   */
  public static String yaml(TestBroker broker, int port, String serverLines, String brokerLines) {
    String confirmTimeout =
        brokerLines.contains("confirm-timeout:")
            ? ""
            : "  confirm-timeout: " + CONFIRM_TIMEOUT + "\n";
    return "server:\n  listen: 127.0.0.1:0\n"
        + serverLines
        + "admin:\n  listen: 127.0.0.1:0\n"
        + "broker:\n  urls: [\"amqp://guest:guest@127.0.0.1:"
        + port
        + "/%2f\"]\n"
        + confirmTimeout
        + brokerLines
        + WebhookLoad.GITHUB_SOURCE.formatted(broker.exchange);
  }

  /** Waits until {@code /readyz} answers 200. */
  public ProxiedGateway awaitReady() {
    await().atMost(Duration.ofSeconds(30)).until(() -> readyStatus() == 200);
    return this;
  }

  /** The status of {@code /readyz} now. */
  public int readyStatus() throws Exception {
    return gateway.admin("/readyz").statusCode();
  }

  /** Where the load posts. */
  public URI webhookUri() {
    return gateway.uri("/webhooks/github");
  }

  /** Tens of senders against this gateway. */
  public WebhookLoad load(int senders) {
    return WebhookLoad.start(webhookUri(), senders, Duration.ofSeconds(20));
  }

  @Override
  public void close() {
    try {
      gateway.close();
    } finally {
      proxy.close();
    }
  }
}
