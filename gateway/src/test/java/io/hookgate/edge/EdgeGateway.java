package io.hookgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.GitHubSigner;
import io.hookgate.testing.RawConnection;
import io.hookgate.testing.TestBroker;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real gateway and broker queue shared by the edge tests, with sources for each kind of limit,
 * and the check that ends every hostile case: a well-formed request still gets through and is the
 * only message in the queue, so the hostile one published nothing.
 *
 * <p>Either {@link #start} one, or register one for a whole test class: {@code @RegisterExtension
 * static final EdgeGateway edge = EdgeGateway.forClass(yaml)} starts it before the first test and
 * closes it after the last.
 */
final class EdgeGateway
    implements AutoCloseable, BeforeAllCallback, AfterAllCallback, AfterEachCallback {
  static final String SECRET = "edge-secret";
  static final GitHubSigner SIGNER = new GitHubSigner(SECRET);
  static final String GITHUB = "/webhooks/github";
  static final String SMALL = "/webhooks/small";
  static final String FENCED = "/webhooks/fenced";
  static final String BY_JSON = "/webhooks/json";
  static final String INFLATING = "/webhooks/inflating";

  private final String serverYaml;
  private final boolean checkEachTest;
  TestBroker broker;
  GatewayRunner gateway;

  private EdgeGateway(String serverYaml, boolean checkEachTest) {
    this.serverYaml = serverYaml;
    this.checkEachTest = checkEachTest;
  }

  /** Starts a gateway whose {@code server} section is {@code serverYaml} (indented by two). */
  static EdgeGateway start(String serverYaml) throws Exception {
    EdgeGateway edge = new EdgeGateway(serverYaml, false);
    edge.startGateway();
    return edge;
  }

  /** A gateway for the tests of one class, as {@link #start} would start it. */
  static EdgeGateway forClass(String serverYaml) {
    return new EdgeGateway(serverYaml, false);
  }

  /**
   * The same, ending every test with {@link #assertOnlyAWellFormedRequestIsPublished}: for tests
   * whose requests must publish nothing.
   */
  static EdgeGateway forClassPublishingNothing(String serverYaml) {
    return new EdgeGateway(serverYaml, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    startGateway();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (checkEachTest) {
      assertOnlyAWellFormedRequestIsPublished();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  private void startGateway() throws Exception {
    broker = TestBroker.withBoundQueue();
    String yaml =
        """
        server:
          listen: 127.0.0.1:0
        %s
        admin:
          listen: 127.0.0.1:0
        broker:
          urls: ["%s"]
          confirm-timeout: 5s
        sources:
          github:
            path: %s
            verify: {scheme: github, secrets: ["${SECRET}"]}
            publish: {exchange: %s, routing-key: github}
          small:
            path: %s
            max-body: 16B
            verify: {scheme: github, secrets: ["${SECRET}"]}
            publish: {exchange: %s, routing-key: small}
          fenced:
            path: %s
            allow: [10.0.0.0/8]
            verify: {scheme: github, secrets: ["${SECRET}"]}
            publish: {exchange: %s, routing-key: fenced}
          by-json:
            path: %s
            event-id: json:/id
            verify: {scheme: github, secrets: ["${SECRET}"]}
            publish: {exchange: %s, routing-key: json}
          inflating:
            path: %s
            accept-encoding: [gzip, deflate]
            verify: {scheme: github, secrets: ["${SECRET}"]}
            publish: {exchange: %s, routing-key: inflating}
        """
            .formatted(
                serverYaml,
                TestBroker.URI,
                GITHUB,
                broker.exchange,
                SMALL,
                broker.exchange,
                FENCED,
                broker.exchange,
                BY_JSON,
                broker.exchange,
                INFLATING,
                broker.exchange);
    try {
      gateway = GatewayRunner.start(yaml, Map.of("SECRET", SECRET));
      await().until(() -> gateway.admin("/readyz").statusCode() == 200);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  int port() {
    return gateway.uri("/").getPort();
  }

  RawConnection connect() throws Exception {
    return RawConnection.open(port());
  }

  /** A complete signed request to {@code path}. */
  static String signed(String path, String id, String body) {
    return SIGNER.head(path, id, body, "") + body;
  }

  /**
   * Sends a fresh well-formed request, checks it is accepted, and that it is the only message the
   * queue holds: whatever was sent before it published nothing.
   */
  void assertOnlyAWellFormedRequestIsPublished() throws Exception {
    String id = "good-" + UUID.randomUUID();
    try (RawConnection connection = connect()) {
      connection.send(signed(GITHUB, id, "{\"ok\":true}"));
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 202 ");
    }
    assertThat(broker.drain(1)).extracting(m -> m.getProps().getMessageId()).containsExactly(id);
  }

  @Override
  public void close() throws Exception {
    try {
      if (gateway != null) {
        gateway.close();
      }
    } finally {
      gateway = null;
      if (broker != null) {
        broker.close();
        broker = null;
      }
    }
  }
}
