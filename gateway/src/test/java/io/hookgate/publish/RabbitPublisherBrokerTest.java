package io.hookgate.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.impl.NetworkConnection;
import io.hookgate.config.BrokerConfig;
import io.hookgate.testing.BrokerControl;
import io.hookgate.testing.TcpProxy;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher against the real RabbitMQ on 127.0.0.1:5672; every test uses its own names. */
class RabbitPublisherBrokerTest {

  private static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672/%2F");
  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
  private static final Instant RECEIVED = Instant.parse("2024-05-01T12:00:00.750Z");

  private final String prefix = "hookgate.test." + UUID.randomUUID();
  private final List<String> exchanges = new ArrayList<>();
  private final List<String> queues = new ArrayList<>();
  private Connection admin;
  private EventLoopGroup loops;
  private RabbitPublisher publisher;

  @BeforeEach
  void connectAdmin() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(BROKER);
    admin = factory.newConnection("hookgate-test-admin");
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    if (loops != null) {
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
    try (Channel channel = admin.createChannel()) {
      for (String queue : queues) {
        channel.queueDelete(queue);
      }
      for (String exchange : exchanges) {
        channel.exchangeDelete(exchange);
      }
    } finally {
      admin.close();
    }
  }

  private RabbitPublisher start(int lanes, int maxInFlight) {
    publisher =
        new RabbitPublisher(config(BROKER, maxInFlight), loops(lanes), NioSocketChannel.class);
    publisher.start();
    await().until(publisher::connected);
    return publisher;
  }

  /** A publisher on one lane whose connection goes through {@code proxy}, once connected. */
  private void startThrough(TcpProxy proxy, int maxInFlight) {
    URI proxied = URI.create("amqp://guest:guest@127.0.0.1:" + proxy.port() + "/%2F");
    publisher = new RabbitPublisher(config(proxied, maxInFlight), loops(1), NioSocketChannel.class);
    publisher.start();
    await().until(publisher::connected);
  }

  /** Event loops for the publisher's lanes, shut down after the publisher closes. */
  private EventLoopGroup loops(int count) {
    loops = new MultiThreadIoEventLoopGroup(count, NioIoHandler.newFactory());
    return loops;
  }

  private static BrokerConfig config(URI url, int maxInFlight) {
    return new BrokerConfig(List.of(url), CONFIRM_TIMEOUT, maxInFlight);
  }

  /** Declares a direct exchange; with queue arguments, also a queue bound to it under "k". */
  private String declare(String name, Map<String, Object> queueArguments) throws IOException {
    String exchange = prefix + "." + name;
    try (Channel channel = admin.createChannel()) {
      channel.exchangeDeclare(exchange, "direct", false);
      exchanges.add(exchange);
      if (queueArguments != null) {
        channel.queueDeclare(exchange, false, false, false, queueArguments);
        queues.add(exchange);
        channel.queueBind(exchange, exchange, "k");
      }
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException(e);
    }
    return exchange;
  }

  private static OutboundMessage message(String exchange, String id) {
    return message(exchange, id, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private static OutboundMessage message(String exchange, String id, byte[] body) {
    return new OutboundMessage(
        exchange, "k", body, "application/json", id, RECEIVED, Map.of("x-source", "github"));
  }

  private Map<String, GetResponse> drainQueue(String queue) throws Exception {
    Map<String, GetResponse> byId = new HashMap<>();
    try (Channel channel = admin.createChannel()) {
      GetResponse response;
      while ((response = channel.basicGet(queue, true)) != null) {
        GetResponse previous = byId.put(response.getProps().getMessageId(), response);
        assertThat(previous).as("duplicate %s", response.getProps().getMessageId()).isNull();
      }
    }
    return byId;
  }

  @Test
  void concurrentPublishesAreAllAckedAndEachArrivesOnceIntact() throws Exception {
    String exchange = declare("routed", Map.of());
    start(4, 1_000);
    int threads = 8;
    int perThread = 50;
    Map<String, CompletableFuture<PublishResult>> results = new ConcurrentHashMap<>();
    ExecutorService senders = Executors.newFixedThreadPool(threads);
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        senders.execute(
            () -> {
              for (int i = 0; i < perThread; i++) {
                String id = "evt-" + thread + "-" + i;
                results.put(id, publisher.publish(message(exchange, id)));
              }
            });
      }
    } finally {
      senders.shutdown();
      assertThat(senders.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
    CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new))
        .get(1, TimeUnit.MINUTES);

    assertThat(results).hasSize(threads * perThread);
    assertThat(results.values())
        .allSatisfy(result -> assertThat(result).isCompletedWithValue(PublishResult.ACK));
    Map<String, GetResponse> received = drainQueue(exchange);
    assertThat(received.keySet()).isEqualTo(results.keySet());
    assertThat(received)
        .allSatisfy(
            (id, response) -> {
              AMQP.BasicProperties properties = response.getProps();
              assertThat(response.getBody()).isEqualTo(message(exchange, id).body());
              assertThat(properties.getDeliveryMode()).isEqualTo(2);
              assertThat(properties.getContentType()).isEqualTo("application/json");
              assertThat(properties.getTimestamp().toInstant())
                  .isEqualTo(RECEIVED.truncatedTo(ChronoUnit.SECONDS));
              assertThat(properties.getHeaders())
                  .containsKey(RabbitPublisher.SEQUENCE_HEADER)
                  .hasEntrySatisfying("x-source", value -> assertThat(value).hasToString("github"));
            });
    assertThat(publisher.inFlight()).isZero();
  }

  @Test
  void aPublishMadeOnAnEventLoopIsConfirmedOnThatSameLoop() throws Exception {
    String exchange = declare("routed", Map.of());
    start(2, 10);

    List<String> ids = new ArrayList<>();
    for (EventExecutor loop : loops) {
      String id = "evt-" + ids.size();
      ids.add(id);
      // The callback is attached on the loop, before the loop can read any confirm.
      CompletableFuture<Boolean> ackedOnLoop =
          loop.submit(
                  () ->
                      publisher
                          .publish(message(exchange, id))
                          .thenApply(result -> result == PublishResult.ACK && loop.inEventLoop()))
              .get();
      assertThat(ackedOnLoop.get()).as("acked on the loop that published " + id).isTrue();
    }
    assertThat(drainQueue(exchange)).containsOnlyKeys(ids);
  }

  @Test
  void closeAnswersWhatABrokerThatStoppedAnsweringNeverConfirmed() throws Exception {
    String exchange = declare("routed", Map.of());
    try (TcpProxy proxy = TcpProxy.to("127.0.0.1", 5672)) {
      startThrough(proxy, 10);
      proxy.pause();
      // Published on the loop, so it is written before the close begins.
      CompletableFuture<PublishResult> unconfirmed =
          loops.next().submit(() -> publisher.publish(message(exchange, "evt-1"))).get();
      assertThat(unconfirmed).isNotDone();

      // The confirm timeout is 30s; the close handshake gets no answer either.
      publisher.close(Duration.ZERO);
      publisher = null;

      assertThat(unconfirmed).isCompletedWithValue(PublishResult.ERROR);
    }
  }

  @Test
  void aSocketTheBrokerStoppedReadingIsBoundedAndFurtherPublishesAreRefusedAtOnce()
      throws Exception {
    String exchange = declare("routed", Map.of());
    try (TcpProxy proxy = TcpProxy.to("127.0.0.1", 5672)) {
      startThrough(proxy, 100);
      proxy.pause();
      EventExecutor loop = loops.next();
      byte[] big = new byte[4 << 20];

      // The kernel's buffers on both sides of the proxy take some megabytes; then the loop's
      // buffer fills past its mark and the next publish is refused before anything is written.
      PublishResult refused = null;
      for (int i = 0; i < 32 && refused == null; i++) {
        String id = "big-" + i;
        CompletableFuture<PublishResult> result =
            loop.submit(() -> publisher.publish(message(exchange, id, big))).get();
        if (result.isDone()) {
          refused = result.get();
        }
      }

      assertThat(refused).isEqualTo(PublishResult.UNAVAILABLE);
      publisher.close(Duration.ZERO);
      publisher = null;
    }
  }

  @Test
  void publishToAMissingExchangeFailsAndTheNextPublishIsAckedOnANewChannel() throws Exception {
    String exchange = declare("routed", Map.of());
    start(1, 10);

    PublishResult missing = publisher.publish(message(prefix + ".missing", "evt-1")).get();

    assertThat(missing).isEqualTo(PublishResult.ERROR);
    // Refused at once until the replacement channel is open, then acked on it.
    await()
        .untilAsserted(
            () ->
                assertThat(publisher.publish(message(exchange, "evt-2")).get())
                    .isEqualTo(PublishResult.ACK));
    assertThat(publisher.connected()).isTrue();
  }

  @Test
  void unroutablePublishIsReturned() throws Exception {
    String exchange = declare("unbound", null);
    start(1, 10);

    PublishResult result = publisher.publish(message(exchange, "evt-1")).get();

    assertThat(result).isEqualTo(PublishResult.RETURNED);
  }

  @Test
  void publishToAFullRejectPublishQueueIsNacked() throws Exception {
    String exchange = declare("full", Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
    start(1, 10);

    PublishResult first = publisher.publish(message(exchange, "evt-1")).get();
    PublishResult second = publisher.publish(message(exchange, "evt-2")).get();

    assertThat(first).isEqualTo(PublishResult.ACK);
    assertThat(second).isEqualTo(PublishResult.NACK);
  }

  @Test
  void startReturnsAndPublishesAreRefusedWhileTheBrokerIsUnreachable() throws Exception {
    publisher =
        new RabbitPublisher(
            config(URI.create("amqp://guest:guest@127.0.0.1:1"), 10),
            loops(1),
            NioSocketChannel.class);

    publisher.start();

    assertThat(publisher.connected()).isFalse();
    assertThat(publisher.publish(message("amq.direct", "evt-1")))
        .isCompletedWithValue(PublishResult.UNAVAILABLE);
  }

  @Test
  void connectionClosedByTheBrokerFailsWhatIsInFlightThenRecovers() throws Exception {
    String exchange = declare("routed", Map.of());
    ConnectionSettings settings = ConnectionSettings.of(List.of(BROKER));
    AtomicReference<Connection> connection = new AtomicReference<>();
    AtomicInteger failures = new AtomicInteger();
    publisher =
        new RabbitPublisher(
            config(BROKER, 100),
            loops(1),
            loop ->
                () -> {
                  connection.set(settings.connector(loop, NioSocketChannel.class).connect());
                  return connection.get();
                },
            settings.endpoints(),
            (result, nanos) -> {
              if (result != PublishResult.ACK) {
                failures.incrementAndGet();
              }
            });
    publisher.start();
    await().until(publisher::connected);
    Map<String, CompletableFuture<PublishResult>> results = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    // Publishes in batches until told to stop, so messages are in flight when the broker closes.
    Thread sender =
        new Thread(
            () -> {
              for (int batch = 0; !stop.get(); batch++) {
                List<CompletableFuture<PublishResult>> pending = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                  String id = "evt-" + batch + "-" + i;
                  CompletableFuture<PublishResult> result =
                      publisher.publish(message(exchange, id));
                  results.put(id, result);
                  pending.add(result);
                }
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
              }
            },
            "sender");
    sender.start();
    try {
      await().until(() -> results.size() >= 200);

      String pid =
          BrokerControl.connectionPid(((NetworkConnection) connection.get()).getLocalPort());
      BrokerControl.run("close_connection", pid, "hookgate test: forced close");

      await().until(() -> failures.get() > 0);
    } finally {
      stop.set(true);
      sender.join(TimeUnit.MINUTES.toMillis(1));
    }

    assertThat(results.values())
        .allSatisfy(
            result ->
                assertThat(result.getNow(null))
                    .isIn(PublishResult.ACK, PublishResult.ERROR, PublishResult.UNAVAILABLE));
    // The promise: every acknowledged message is in the queue.
    Map<String, GetResponse> received = drainQueue(exchange);
    results.forEach(
        (id, result) -> {
          if (result.join() == PublishResult.ACK) {
            assertThat(received).containsKey(id);
          }
        });
    await().until(publisher::connected);
    await()
        .untilAsserted(
            () ->
                assertThat(publisher.publish(message(exchange, "after")).get())
                    .isEqualTo(PublishResult.ACK));
  }
}
