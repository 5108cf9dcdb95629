package io.hookgate.publish;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MetricsCollector;
import io.hookgate.config.BrokerConfig;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes persistent, mandatory messages over confirm-mode channels and answers every publish
 * with a {@link PublishResult}, never with an exception or a wait on the caller's thread.
 *
 * <p>Each message carries the header {@value #SEQUENCE_HEADER}. Futures complete on the client's
 * reader thread, a publishing thread, the confirm-timeout thread or the caller's thread, so callers
 * hand further work to their own executor (the request's event loop).
 */
public final class RabbitPublisher implements Publisher, AutoCloseable {

  /**
   * The channel's publish sequence number, carried by every message. A {@code basic.return} names
   * no delivery tag, only properties and body; the body or message-id may repeat among outstanding
   * publishes (a sender's retry racing its first copy, an event without an id), and returns do not
   * arrive in publish order relative to other confirms (an unroutable message is returned and acked
   * at once while earlier ones wait for disk). The number is unique on its channel while
   * outstanding, and the return comes back on that channel, so the match is exact. Consumers see it
   * and may ignore it.
   */
  public static final String SEQUENCE_HEADER = "x-hookgate-seq";

  private static final Logger log = LoggerFactory.getLogger(RabbitPublisher.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final BrokerConnection connection;
  private final BrokerConnection.Connector connector;
  private final Topology topology;
  private final PublishListener listener;
  private final int maxInFlight;
  private final int channelCount;
  private final long confirmTimeoutNanos;
  private final Semaphore permits;

  /**
   * Confirm timeouts. Not {@code CompletableFuture.completeOnTimeout}: that schedules on the JDK's
   * one shared delay queue, a lock every event loop would take twice per publish (schedule and
   * cancel) and a heap as large as what is in flight. The wheel's queues are lock-free and O(1);
   * its 10 ms ticks are ample for timeouts of seconds.
   */
  private final HashedWheelTimer timeouts =
      new HashedWheelTimer(
          new DefaultThreadFactory("hookgate-confirm-timeouts", true),
          10,
          TimeUnit.MILLISECONDS,
          512,
          false);

  private final AtomicInteger nextChannel = new AtomicInteger();

  // Written once, before the connection first reports open.
  private volatile List<ChannelPublisher> channels = List.of();
  private volatile boolean closing;
  // The recovering connection keeps its identity across recoveries; set once it first opens.
  private volatile Connection opened;
  private volatile String topologyProblem;

  /** A publisher for {@code config}; call {@link #start()} to connect. */
  public RabbitPublisher(BrokerConfig config) {
    this(config, PublishListener.NONE);
  }

  /** A publisher for {@code config} that reports every outcome to {@code listener}. */
  public RabbitPublisher(BrokerConfig config, PublishListener listener) {
    this(config, ConnectionSettings.of(config.urls(), config.caFile()), listener);
  }

  /**
   * As above, with the RabbitMQ client reporting its own counts (connections, channels, publishes,
   * confirms, returns) to {@code metrics}.
   */
  public RabbitPublisher(BrokerConfig config, PublishListener listener, MetricsCollector metrics) {
    this(config, ConnectionSettings.of(config.urls(), config.caFile(), metrics), listener);
  }

  private RabbitPublisher(
      BrokerConfig config, ConnectionSettings settings, PublishListener listener) {
    this(
        config,
        new BrokerConnection.Connector() {
          @Override
          public Connection connect() throws IOException, TimeoutException {
            return settings.connect();
          }

          @Override
          public void drop() {
            settings.dropSockets();
          }
        },
        settings.endpoints(),
        listener);
  }

  RabbitPublisher(
      BrokerConfig config,
      BrokerConnection.Connector connector,
      String endpoints,
      PublishListener listener) {
    requireNonNull(config, "config");
    this.listener = requireNonNull(listener, "listener");
    if (config.channels() < 1
        || config.maxInFlight() < 1
        || config.confirmTimeout().isNegative()
        || config.confirmTimeout().isZero()) {
      throw new IllegalArgumentException(
          "broker.channels and broker.max-in-flight must be at least 1, confirm-timeout positive");
    }
    this.maxInFlight = config.maxInFlight();
    this.channelCount = config.channels();
    this.confirmTimeoutNanos = config.confirmTimeout().toNanos();
    this.permits = new Semaphore(maxInFlight);
    this.connector = connector;
    this.topology = new Topology(config.declare());
    this.connection =
        new BrokerConnection(connector, endpoints, this::openChannels, this::reopenChannels);
  }

  /** Starts connecting in the background and returns at once, even if the broker is down. */
  public void start() {
    connection.start();
  }

  @Override
  public CompletableFuture<PublishResult> publish(OutboundMessage message) {
    requireNonNull(message, "message");
    List<ChannelPublisher> current = channels;
    // Refuse on the caller's thread whatever cannot end in a confirm: while blocked a publish
    // would only wait for the alarm to clear, and beyond maxInFlight it would only queue.
    if (closing
        || current.isEmpty()
        || !connection.isOpen()
        || connection.isBlocked()
        || !permits.tryAcquire()) {
      listener.onResult(PublishResult.UNAVAILABLE, 0);
      return CompletableFuture.completedFuture(PublishResult.UNAVAILABLE);
    }
    long start = System.nanoTime();
    // The permit is held until the publish has ended AND its message has left the publishing
    // thread's queue: a stalled broker stops reading, basicPublish blocks in a socket write, and
    // timed-out messages would otherwise pile up behind it without bound.
    AtomicInteger holders = new AtomicInteger(2);
    Runnable letGo =
        () -> {
          if (holders.decrementAndGet() == 0) {
            permits.release();
          }
        };
    CompletableFuture<PublishResult> result = new CompletableFuture<>();
    Timeout timeout;
    try {
      timeout =
          timeouts.newTimeout(
              expired -> result.complete(PublishResult.TIMEOUT),
              confirmTimeoutNanos,
              TimeUnit.NANOSECONDS);
    } catch (IllegalStateException | RejectedExecutionException e) {
      permits.release(); // closed between the check above and here
      listener.onResult(PublishResult.UNAVAILABLE, 0);
      return CompletableFuture.completedFuture(PublishResult.UNAVAILABLE);
    }
    result.whenComplete(
        (outcome, error) -> {
          timeout.cancel();
          letGo.run(); // Exactly once: a future completes once.
          // A caller that cancels our future must not break the listener.
          PublishResult reported = outcome == null ? PublishResult.ERROR : outcome;
          listener.onResult(reported, System.nanoTime() - start);
        });
    int index = Math.floorMod(nextChannel.getAndIncrement(), current.size());
    current.get(index).publish(message, result, letGo);
    return result;
  }

  /**
   * Declares {@code broker.declare} over a short-lived connection of its own, so that a start can
   * fail on a conflict with what exists instead of serving with the wrong topology. The publisher's
   * own connection declares again whenever it opens or recovers.
   *
   * @throws TopologyException naming each object the broker refused
   * @throws IOException if the broker cannot be reached or the connection failed
   */
  public void declareTopology() throws IOException, TimeoutException, TopologyException {
    if (topology.isEmpty()) {
      return;
    }
    Connection once = connector.connect();
    try {
      topology.declare(once);
    } finally {
      if (once.isOpen()) {
        once.abort((int) CLOSE_TIMEOUT.toMillis());
      }
    }
  }

  /** Why the last declaration of {@code broker.declare} failed, or {@code null} if it did not. */
  public String topologyProblem() {
    return topologyProblem;
  }

  /** Whether the broker connection is up (readiness). */
  public boolean connected() {
    return connection.isOpen();
  }

  /** Whether the broker blocked publishers (a memory or disk alarm). */
  public boolean blocked() {
    return connection.isBlocked();
  }

  /** Whether {@link #drain} or {@link #close} began: new publishes are refused from now on. */
  public boolean draining() {
    return closing;
  }

  /** Publishes awaiting their result, or whose message a publishing thread still holds. */
  public int inFlight() {
    return maxInFlight - permits.availablePermits();
  }

  /**
   * Refuses new publishes and waits up to {@code timeout} for those in flight to end; call it off
   * the event loop. Returns whether everything ended.
   */
  public boolean drain(Duration timeout) {
    requireNonNull(timeout, "timeout");
    closing = true;
    try {
      // Holding every permit means nothing is in flight.
      if (permits.tryAcquire(maxInFlight, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        permits.release(maxInFlight);
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Drains for up to the confirm timeout (every publish ends by then), then closes the connection;
   * anything still outstanding ends {@code ERROR}.
   */
  @Override
  public void close() {
    close(Duration.ofNanos(confirmTimeoutNanos));
  }

  /**
   * Drains for up to {@code drainTimeout}, then closes the channels and the connection cleanly;
   * anything still outstanding ends {@code ERROR}. Call it off the event loop.
   */
  public void close(Duration drainTimeout) {
    if (!drain(drainTimeout)) {
      log.warn("Closing the broker connection with {} publishes in flight", inFlight());
    }
    // No new work for the publishing threads; what is queued runs and finds itself answered.
    channels.forEach(ChannelPublisher::stop);
    // Closing the connection closes its channels, whose listeners fail what is outstanding, and
    // ends a publish blocked in a socket write.
    connection.close(CLOSE_TIMEOUT);
    try {
      for (ChannelPublisher channel : channels) {
        channel.awaitStopped(CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timeouts.stop(); // everything outstanding has ended by now
  }

  private void openChannels(Connection opened) {
    this.opened = opened;
    declare(opened);
    channels =
        IntStream.range(0, channelCount)
            .mapToObj(index -> new ChannelPublisher(opened, index))
            .toList();
  }

  private void reopenChannels() {
    // The broker may have lost non-durable objects, or been replaced by an empty one.
    Connection current = opened;
    if (current != null) {
      declare(current);
    }
    channels.forEach(ChannelPublisher::reopenIfClosed);
  }

  /** Declares before publishing starts, so the first events find their queues. */
  private void declare(Connection current) {
    if (topology.isEmpty()) {
      return;
    }
    try {
      topology.declare(current);
      topologyProblem = null;
    } catch (TopologyException e) {
      // Publishing goes on to what exists; readiness reports the conflict until it is fixed.
      topologyProblem = "broker.declare refused: " + e.refused().get(0);
      log.error("{}", e.getMessage());
    } catch (IOException | RuntimeException e) {
      log.warn(
          "Could not declare broker.declare ({}); trying again after the next recovery",
          e.toString());
    }
  }
}
