package io.hookgate.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.impl.NetworkConnection;
import io.hookgate.config.BrokerConfig;
import io.hookgate.config.DeclareConfig;
import io.hookgate.config.DeclareConfig.Binding;
import io.hookgate.config.DeclareConfig.Exchange;
import io.hookgate.config.DeclareConfig.Queue;
import io.hookgate.testing.BrokerControl;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** broker.declare against the real RabbitMQ; every object has a unique name and is deleted. */
class TopologyBrokerTest {
  private static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672/%2F");

  private final String prefix =
      "hookgate-test-topo-" + UUID.randomUUID().toString().substring(0, 8);
  private final String exchange = prefix + "-x";
  private final String queue = prefix + "-q";
  private final String other = prefix + "-other";
  private Connection admin;
  private EventLoopGroup loops;
  private RabbitPublisher publisher;

  @BeforeEach
  void connect() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(BROKER);
    admin = factory.newConnection("hookgate-test-topology");
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      if (publisher != null) {
        publisher.close();
      }
      if (loops != null) {
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
      }
    } finally {
      try (Channel channel = admin.createChannel()) {
        for (String name : List.of(queue, other)) {
          channel.queueDelete(name);
        }
        for (String name : List.of(exchange, other)) {
          channel.exchangeDelete(name);
        }
      } finally {
        admin.close();
      }
    }
  }

  private DeclareConfig declaration(String queueType) {
    return new DeclareConfig(
        List.of(new Exchange(exchange, "topic", true, false)),
        List.of(
            new Queue(
                queue,
                queueType,
                Map.of("x-max-length", 1000L),
                List.of(new Binding(exchange, "github.#")))));
  }

  private GetResponse publishAndGet(String routingKey) throws Exception {
    try (Channel channel = admin.createChannel()) {
      channel.basicPublish(exchange, routingKey, null, "hi".getBytes(StandardCharsets.UTF_8));
      AtomicReference<GetResponse> got = new AtomicReference<>();
      await().until(() -> got.updateAndGet(g -> g != null ? g : basicGet(channel)) != null);
      return got.get();
    }
  }

  private boolean queueExists() throws Exception {
    Channel channel = admin.createChannel();
    try {
      channel.queueDeclarePassive(queue);
      channel.close();
      return true;
    } catch (IOException e) {
      return false; // the broker closed the channel: no such queue (yet)
    }
  }

  private GetResponse basicGet(Channel channel) {
    try {
      return channel.basicGet(queue, true);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void declaredQueueReceivesThroughItsBinding() throws Exception {
    new Topology(declaration("quorum")).declare(admin);

    GetResponse message = publishAndGet("github.push");

    assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("hi");
    assertThat(BrokerControl.run("-q", "list_queues", "name", "type", "durable"))
        .containsPattern(queue + "\\s+quorum\\s+true");
  }

  @Test
  void declaringAgainIsANoOp() throws Exception {
    Topology topology = new Topology(declaration("classic"));
    topology.declare(admin);

    topology.declare(admin);

    assertThat(publishAndGet("github.ping").getBody()).isNotEmpty();
  }

  @Test
  void conflictsAreNamedAndEverythingElseIsStillDeclared() throws Exception {
    try (Channel channel = admin.createChannel()) {
      channel.exchangeDeclare(exchange, "direct", true);
      channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "classic"));
    }
    DeclareConfig config =
        new DeclareConfig(
            List.of(
                new Exchange(exchange, "topic", true, false),
                new Exchange(other, "fanout", false, true)),
            List.of(
                new Queue(queue, "quorum", Map.of(), List.of()),
                new Queue(other, "classic", Map.of(), List.of(new Binding(other, "")))));

    TopologyException thrown =
        catchThrowableOfType(TopologyException.class, () -> new Topology(config).declare(admin));

    assertThat(thrown.refused()).hasSize(2);
    assertThat(thrown.refused().get(0))
        .startsWith("exchange '" + exchange + "': PRECONDITION_FAILED")
        .contains("inequivalent arg 'type'");
    assertThat(thrown.refused().get(1))
        .startsWith("queue '" + queue + "': PRECONDITION_FAILED")
        .contains("x-queue-type");
    assertThat(thrown.getMessage())
        .contains("exchange '" + exchange + "'", "queue '" + queue + "'");
    try (Channel channel = admin.createChannel()) {
      channel.queueDeclarePassive(other); // declared despite the earlier refusals
    }
  }

  @Test
  void anUnknownExchangeTypeIsARefusalNotAnOutage() throws Exception {
    DeclareConfig config =
        new DeclareConfig(
            List.of(new Exchange(exchange, "x-hookgate-no-such-type", true, false)), List.of());
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(BROKER);

    Connection once = factory.newConnection("hookgate-test-topology-type");
    try {
      TopologyException thrown =
          catchThrowableOfType(TopologyException.class, () -> new Topology(config).declare(once));

      assertThat(thrown.refused())
          .singleElement()
          .asString()
          .isEqualTo(
              "exchange '"
                  + exchange
                  + "': COMMAND_INVALID - unknown exchange type 'x-hookgate-no-such-type'");
    } finally {
      once.abort(); // the broker closed it over the refusal
    }
  }

  @Test
  void publisherDeclaresAgainAfterTheConnectionRecovers() throws Exception {
    ConnectionSettings settings = ConnectionSettings.of(List.of(BROKER));
    AtomicReference<Connection> connection = new AtomicReference<>();
    BrokerConfig config =
        new BrokerConfig(List.of(BROKER), Duration.ofSeconds(5), 100, declaration("classic"));
    loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    publisher =
        new RabbitPublisher(
            config,
            loops,
            loop ->
                () -> {
                  connection.set(settings.connector(loop, NioSocketChannel.class).connect());
                  return connection.get();
                },
            settings.endpoints(),
            PublishListener.NONE);
    publisher.start();
    await().until(publisher::connected);
    try (Channel channel = admin.createChannel()) {
      channel.queueDelete(queue);
    }

    String pid = BrokerControl.connectionPid(((NetworkConnection) connection.get()).getLocalPort());
    BrokerControl.run("close_connection", pid, "hookgate test: forced close");

    await().atMost(Duration.ofSeconds(30)).until(this::queueExists);
    assertThat(publishAndGet("github.after").getBody()).isNotEmpty();
    assertThat(publisher.topologyProblem()).isNull();
  }
}
