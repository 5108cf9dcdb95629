package io.hookgate.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.hookgate.config.BrokerConfig;
import io.hookgate.publish.FakeConnection.FakeChannel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The publisher's decisions against a scripted connection: no broker, no timing. */
class RabbitPublisherTest {

  private static final Duration LONG = Duration.ofMinutes(1);

  private final FakeConnection broker = new FakeConnection();
  private final List<PublishResult> reported = new CopyOnWriteArrayList<>();
  // What the connector says of its socket: false = the broker is not taking what we write.
  private final AtomicBoolean writable = new AtomicBoolean(true);
  private EventLoopGroup loops;
  private RabbitPublisher publisher;

  @AfterEach
  void closePublisher() {
    // Closing the connection fails whatever a test left unconfirmed, so close need not wait.
    broker.proxy.abort();
    if (publisher != null) {
      publisher.close();
    }
    if (loops != null) {
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** A publisher with {@code lanes} event loops, each opening (the same) fake connection. */
  private RabbitPublisher start(Duration confirmTimeout, int maxInFlight, int lanes) {
    publisher = publisher(confirmTimeout, maxInFlight, lanes, () -> broker.proxy);
    publisher.start();
    await().until(publisher::connected);
    await().until(() -> broker.channels.size() == lanes);
    return publisher;
  }

  private RabbitPublisher publisher(
      Duration confirmTimeout, int maxInFlight, int lanes, Connect connect) {
    loops = new MultiThreadIoEventLoopGroup(lanes, NioIoHandler.newFactory());
    BrokerConnection.Connector connector =
        new BrokerConnection.Connector() {
          @Override
          public Connection connect() throws IOException, TimeoutException {
            return connect.connect();
          }

          @Override
          public boolean writable() {
            return writable.get();
          }
        };
    return new RabbitPublisher(
        new BrokerConfig(List.of(URI.create("amqp://fake:5672")), confirmTimeout, maxInFlight),
        loops,
        loop -> connector,
        "fake",
        (result, nanos) -> reported.add(result));
  }

  private interface Connect {
    Connection connect() throws IOException, TimeoutException;
  }

  private static OutboundMessage message(String id) {
    return new OutboundMessage(
        "events",
        "github.push",
        id.getBytes(StandardCharsets.UTF_8),
        "application/json",
        id,
        Instant.parse("2024-05-01T12:00:00.750Z"),
        Map.of("x-source", "github"));
  }

  /** Publishes and waits until the fake channel saw it, so the test may confirm it. */
  private CompletableFuture<PublishResult> publishOn(FakeChannel channel, String id) {
    int before = channel.published.size();
    CompletableFuture<PublishResult> result = publisher.publish(message(id));
    await().until(() -> channel.published.size() == before + 1 || result.isDone());
    return result;
  }

  @Test
  void acksAPersistentMandatoryPublishOnceConfirmed() throws Exception {
    start(LONG, 10, 1);
    OutboundMessage message = message("evt-1");

    CompletableFuture<PublishResult> result = publisher.publish(message);
    await().until(() -> broker.channel(0).published.size() == 1);
    broker.channel(0).ack(1, false);

    assertThat(result).isCompletedWithValue(PublishResult.ACK);
    AMQP.BasicProperties properties = broker.channel(0).published.get(0);
    assertThat(properties.getDeliveryMode()).isEqualTo(2);
    assertThat(properties.getContentType()).isEqualTo("application/json");
    assertThat(properties.getMessageId()).isEqualTo("evt-1");
    assertThat(properties.getTimestamp()).isEqualTo(Date.from(message.timestamp()));
    assertThat(broker.channel(0).mandatory).containsExactly(true);
    assertThat(properties.getHeaders())
        .containsEntry("x-source", "github")
        .containsEntry(RabbitPublisher.SEQUENCE_HEADER, 1L);
    assertThat(broker.channel(0).bodies.get(0)).isSameAs(message.body());
    assertThat(publisher.inFlight()).isZero();
    assertThat(reported).containsExactly(PublishResult.ACK);
  }

  @Test
  void refusesAtOnceBeyondMaxInFlightAndAcceptsAgainOnceConfirmed() throws Exception {
    start(LONG, 1, 1);
    CompletableFuture<PublishResult> first = publishOn(broker.channel(0), "evt-1");

    CompletableFuture<PublishResult> second = publisher.publish(message("evt-2"));

    assertThat(second).isCompletedWithValue(PublishResult.UNAVAILABLE);
    assertThat(publisher.inFlight()).isEqualTo(1);
    broker.channel(0).ack(1, false);
    assertThat(first).isCompletedWithValue(PublishResult.ACK);
    assertThat(publisher.inFlight()).isZero();
    CompletableFuture<PublishResult> third = publishOn(broker.channel(0), "evt-3");
    broker.channel(0).ack(2, false);
    assertThat(third).isCompletedWithValue(PublishResult.ACK);
  }

  @Test
  void answersNackWhenTheBrokerRefuses() throws Exception {
    start(LONG, 10, 1);
    CompletableFuture<PublishResult> result = publishOn(broker.channel(0), "evt-1");

    broker.channel(0).nack(1, false);

    assertThat(result).isCompletedWithValue(PublishResult.NACK);
  }

  @Test
  void answersReturnedWhenTheMessageCameBackBeforeItsAck() throws Exception {
    start(LONG, 10, 1);
    CompletableFuture<PublishResult> unroutable = publishOn(broker.channel(0), "evt-1");
    CompletableFuture<PublishResult> routed = publishOn(broker.channel(0), "evt-2");

    broker.channel(0).returnUnroutable(1);
    broker.channel(0).ack(2, true);

    assertThat(unroutable).isCompletedWithValue(PublishResult.RETURNED);
    assertThat(routed).isCompletedWithValue(PublishResult.ACK);
  }

  @Test
  void answersTimeoutWithoutConfirmThenIgnoresTheLateAck() throws Exception {
    start(Duration.ofMillis(50), 10, 1);
    CompletableFuture<PublishResult> late = publishOn(broker.channel(0), "evt-1");

    await().until(late::isDone);
    assertThat(late).isCompletedWithValue(PublishResult.TIMEOUT);
    assertThat(publisher.inFlight()).isZero();

    broker.channel(0).ack(1, false);
    assertThat(late).isCompletedWithValue(PublishResult.TIMEOUT);
    assertThat(reported).containsExactly(PublishResult.TIMEOUT);
  }

  @Test
  void refusesWithoutWritingWhileTheSocketTakesNoMore() throws Exception {
    start(LONG, 10, 1);
    writable.set(false);

    CompletableFuture<PublishResult> refused = publisher.publish(message("evt-1"));

    await().until(refused::isDone);
    assertThat(refused).isCompletedWithValue(PublishResult.UNAVAILABLE);
    assertThat(broker.channel(0).published).isEmpty();
    assertThat(publisher.inFlight()).isZero();
    writable.set(true);
    CompletableFuture<PublishResult> sent = publishOn(broker.channel(0), "evt-2");
    broker.channel(0).ack(1, false);
    assertThat(sent).isCompletedWithValue(PublishResult.ACK);
  }

  @Test
  void refusesAtOnceWhileTheBrokerBlocksPublishers() throws Exception {
    start(LONG, 10, 1);

    broker.block("low on memory");

    assertThat(publisher.blocked()).isTrue();
    assertThat(publisher.publish(message("evt-1"))).isCompletedWithValue(PublishResult.UNAVAILABLE);
    broker.unblock();
    assertThat(publisher.blocked()).isFalse();
    CompletableFuture<PublishResult> result = publishOn(broker.channel(0), "evt-2");
    broker.channel(0).ack(1, false);
    assertThat(result).isCompletedWithValue(PublishResult.ACK);
  }

  @Test
  void refusesAtOnceUntilTheFirstConnectionSucceeds() {
    publisher =
        publisher(
            LONG,
            10,
            1,
            () -> {
              throw new ConnectException("Connection refused");
            });

    publisher.start();

    assertThat(publisher.connected()).isFalse();
    assertThat(publisher.publish(message("evt-1"))).isCompletedWithValue(PublishResult.UNAVAILABLE);
  }

  @Test
  void answersErrorWhenThePublishCannotBeSent() {
    start(LONG, 10, 1);
    broker.channel(0).publishFailure =
        new AlreadyClosedException(new ShutdownSignalException(false, false, null, null));

    CompletableFuture<PublishResult> result = publisher.publish(message("evt-1"));

    await().until(result::isDone);
    assertThat(result).isCompletedWithValue(PublishResult.ERROR);
    assertThat(publisher.inFlight()).isZero();
  }

  @Test
  void failsEverythingOutstandingWhenTheBrokerClosesTheChannelThenPublishesOnANewOne()
      throws Exception {
    start(LONG, 10, 1);
    FakeChannel closed = broker.channel(0);
    CompletableFuture<PublishResult> first = publishOn(closed, "evt-1");
    CompletableFuture<PublishResult> second = publishOn(closed, "evt-2");

    closed.closeByBroker();

    assertThat(first).isCompletedWithValue(PublishResult.ERROR);
    assertThat(second).isCompletedWithValue(PublishResult.ERROR);
    await().until(() -> broker.channels.size() == 2);
    assertThat(closed.aborted).as("dead channel unregistered from recovery").isTrue();
    FakeChannel fresh = broker.channel(1);
    CompletableFuture<PublishResult> third = publishOn(fresh, "evt-3");
    fresh.ack(1, false);
    assertThat(third).isCompletedWithValue(PublishResult.ACK);
  }

  @Test
  void failsEverythingOutstandingWhenTheConnectionDropsAndStartsCleanAfterRecovery()
      throws Exception {
    start(LONG, 10, 1);
    FakeChannel channel = broker.channel(0);
    CompletableFuture<PublishResult> first = publishOn(channel, "evt-1");
    CompletableFuture<PublishResult> second = publishOn(channel, "evt-2");

    broker.lose();

    assertThat(first).isCompletedWithValue(PublishResult.ERROR);
    assertThat(second).isCompletedWithValue(PublishResult.ERROR);
    assertThat(publisher.connected()).isFalse();
    assertThat(publisher.publish(message("evt-3"))).isCompletedWithValue(PublishResult.UNAVAILABLE);

    broker.recover();

    assertThat(publisher.connected()).isTrue();
    CompletableFuture<PublishResult> fourth = publishOn(channel, "evt-4");
    assertThat(channel.published.get(0).getHeaders())
        .containsEntry(RabbitPublisher.SEQUENCE_HEADER, 1L);
    channel.ack(1, false);
    assertThat(fourth).isCompletedWithValue(PublishResult.ACK);
    assertThat(broker.channels).hasSize(1);
  }

  @Test
  void replacesAChannelThatRecoveryLeftOutOfConfirmMode() throws Exception {
    start(LONG, 10, 1);
    FakeChannel unconfirmed = broker.channel(0);
    broker.lose();

    broker.recoverWithoutConfirmMode();

    // Open, but nothing published on it could be confirmed: replaced, and never published on.
    await().until(() -> broker.channels.size() == 2);
    assertThat(unconfirmed.aborted).isTrue();
    CompletableFuture<PublishResult> sent = publishOn(broker.channel(1), "evt-1");
    broker.channel(1).ack(1, false);
    assertThat(sent).isCompletedWithValue(PublishResult.ACK);
    assertThat(unconfirmed.published).isEmpty();
  }

  @Test
  void spreadsPublishesFromOtherThreadsOverAllLanes() {
    start(LONG, 10, 3);

    for (int i = 0; i < 6; i++) {
      publisher.publish(message("evt-" + i));
    }

    await()
        .untilAsserted(
            () ->
                assertThat(broker.channels)
                    .allSatisfy(channel -> assertThat(channel.published).hasSize(2)));
  }

  @Test
  void drainWaitsForInFlightPublishesAndRefusesNewOnes() throws Exception {
    start(LONG, 10, 1);
    CompletableFuture<PublishResult> pending = publishOn(broker.channel(0), "evt-1");

    assertThat(publisher.drain(Duration.ZERO)).isFalse();
    assertThat(publisher.publish(message("evt-2"))).isCompletedWithValue(PublishResult.UNAVAILABLE);
    broker.channel(0).ack(1, false);

    assertThat(pending).isCompletedWithValue(PublishResult.ACK);
    assertThat(publisher.drain(Duration.ZERO)).isTrue();
  }

  @Test
  void closeLetsInFlightPublishesFinishThenClosesTheConnection() throws Exception {
    start(LONG, 10, 1);
    CompletableFuture<PublishResult> pending = publishOn(broker.channel(0), "evt-1");

    CompletableFuture<Void> closed = CompletableFuture.runAsync(publisher::close);
    broker.channel(0).ack(1, false);

    await().until(closed::isDone);
    assertThat(pending).isCompletedWithValue(PublishResult.ACK);
    assertThat(broker.open).isFalse();
  }
}
