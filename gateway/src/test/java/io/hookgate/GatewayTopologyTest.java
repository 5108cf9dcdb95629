package io.hookgate;

import static io.hookgate.testing.GitHubWebhooks.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.hookgate.publish.TopologyException;
import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.TestBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** broker.declare through the real gateway: what it declares receives, a conflict stops start. */
class GatewayTopologyTest {
  private static final String SECRET = "topology-secret";

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String exchange = "hookgate-test-gw-x-" + suffix;
  private final String queue = "hookgate-test-gw-q-" + suffix;
  private Connection admin;

  @BeforeEach
  void connect() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(TestBroker.URI);
    admin = factory.newConnection("hookgate-test-gateway-topology");
  }

  @AfterEach
  void cleanUp() throws Exception {
    try (Channel channel = admin.createChannel()) {
      channel.queueDelete(queue);
      channel.exchangeDelete(exchange);
    } finally {
      admin.close();
    }
  }

  private String yaml(String queueType) {
    return """
        server: {listen: 127.0.0.1:0}
        admin: {listen: 127.0.0.1:0}
        broker:
          urls: ["%s"]
          declare:
            exchanges:
              - {name: %s, type: topic}
            queues:
              - name: %s
                type: %s
                arguments: {x-max-length: 1000}
                bindings:
                  - {exchange: %s, routing-key: "github.#"}
        sources:
          github:
            path: /webhooks/github
            verify: {scheme: github, secrets: ["%s"]}
            publish: {exchange: %s, routing-key: "github.{header:X-GitHub-Event}"}
        """
        .formatted(TestBroker.URI, exchange, queue, queueType, exchange, SECRET, exchange);
  }

  @Test
  void declaredQueueReceivesTheGatewaysEvents() throws Exception {
    try (GatewayRunner gateway = GatewayRunner.start(yaml("quorum"), Map.of())) {
      await().until(() -> gateway.admin("/readyz").statusCode() == 200);

      HttpResponse<String> response =
          gateway
              .client()
              .send(
                  request(gateway.uri("/webhooks/github"), SECRET, "t-1", "push", "{}"),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(202);
      try (Channel channel = admin.createChannel()) {
        AtomicReference<GetResponse> message = new AtomicReference<>();
        await().until(() -> message.updateAndGet(m -> m != null ? m : get(channel)) != null);
        assertThat(message.get().getEnvelope().getRoutingKey()).isEqualTo("github.push");
        assertThat(message.get().getProps().getMessageId()).isEqualTo("t-1");
      }
    }
  }

  private GetResponse get(Channel channel) {
    try {
      return channel.basicGet(queue, true);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aConflictWithWhatExistsStopsTheStartNamingTheObject() throws Exception {
    try (Channel channel = admin.createChannel()) {
      channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "classic"));
    }

    TopologyException thrown =
        catchThrowableOfType(
            TopologyException.class, () -> GatewayRunner.start(yaml("quorum"), Map.of()));

    assertThat(thrown.refused())
        .singleElement()
        .asString()
        .startsWith("queue '" + queue + "': PRECONDITION_FAILED - inequivalent arg");
  }

  @Test
  void runExitsNonZeroWithTheBrokersReason(@TempDir Path directory) throws Exception {
    try (Channel channel = admin.createChannel()) {
      channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "classic"));
    }
    Path file = directory.resolve("conflict.yaml");
    Files.writeString(file, yaml("quorum"));
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine();
    command.setErr(new PrintWriter(err));

    int exit =
        assertTimeoutPreemptively(
            Duration.ofMinutes(1), () -> command.execute("run", "--config", file.toString()));

    assertThat(exit).isEqualTo(Main.START_FAILED);
    assertThat(err.toString())
        .startsWith(file + ": RabbitMQ refused part of broker.declare:")
        .contains("queue '" + queue + "': PRECONDITION_FAILED");
  }
}
