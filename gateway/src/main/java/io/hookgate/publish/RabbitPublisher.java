package io.hookgate.publish;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MetricsCollector;
import io.hookgate.config.BrokerConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes persistent, mandatory messages over confirm-mode channels and answers every publish
 * with a {@link PublishResult}, never with an exception or a wait on the caller's thread.
 *
 * <p>Each event loop of the group it is given has a connection of its own, read and written on that
 * loop, and a channel on it (a lane). A publish made on a loop goes out on that loop's lane, and
 * its confirm comes back on the same loop; a publish from any other thread is handed to a lane's
 * loop in turn.
 *
 * <p>Each message carries the header {@value #SEQUENCE_HEADER}. Futures complete on a lane's loop
 * (confirms, returns, refusals), the client's recovery thread, the confirm-timeout thread or the
 * caller's thread, so callers hand further work to their own executor (the request's event loop,
 * where that is already the case).
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

  private final List<Lane> lanes;
  private final Function<EventLoop, BrokerConnection.Connector> connectors;
  private final Topology topology;
  private final PublishListener listener;
  private final int maxInFlight;
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

  private final AtomicInteger nextLane = new AtomicInteger();

  /**
   * Each thread's own lane, looked up once per thread rather than on every publish (a search over
   * all the lanes, twice the cores): a loop's lane, or null for any other thread.
   */
  private final FastThreadLocal<Lane> ownLane =
      new FastThreadLocal<>() {
        @Override
        protected Lane initialValue() {
          for (Lane lane : lanes) {
            if (lane.loop.inEventLoop()) {
              return lane;
            }
          }
          return null;
        }
      };

  private volatile boolean closing;
  private volatile String topologyProblem;

  /**
   * A publisher for {@code config} with a lane on each loop of {@code loops}, whose sockets are
   * {@code socketChannel}s; call {@link #start()} to connect, and close it before the loops.
   */
  public RabbitPublisher(
      BrokerConfig config, EventLoopGroup loops, Class<? extends SocketChannel> socketChannel) {
    this(
        config,
        loops,
        socketChannel,
        PublishListener.NONE,
        ConnectionSettings.of(config.urls(), config.caFile()));
  }

  /**
   * As above, reporting every outcome to {@code listener}, and with the RabbitMQ client reporting
   * its own counts (connections, channels, publishes, confirms, returns) to {@code metrics}.
   */
  public RabbitPublisher(
      BrokerConfig config,
      EventLoopGroup loops,
      Class<? extends SocketChannel> socketChannel,
      PublishListener listener,
      MetricsCollector metrics) {
    this(
        config,
        loops,
        socketChannel,
        listener,
        ConnectionSettings.of(config.urls(), config.caFile(), metrics));
  }

  private RabbitPublisher(
      BrokerConfig config,
      EventLoopGroup loops,
      Class<? extends SocketChannel> socketChannel,
      PublishListener listener,
      ConnectionSettings settings) {
    this(
        config,
        loops,
        loop -> settings.connector(loop, socketChannel),
        settings.endpoints(),
        listener);
  }

  RabbitPublisher(
      BrokerConfig config,
      EventLoopGroup loops,
      Function<EventLoop, BrokerConnection.Connector> connectors,
      String endpoints,
      PublishListener listener) {
    requireNonNull(config, "config");
    requireNonNull(loops, "loops");
    requireNonNull(connectors, "connectors");
    this.listener = requireNonNull(listener, "listener");
    if (config.maxInFlight() < 1
        || config.confirmTimeout().isNegative()
        || config.confirmTimeout().isZero()) {
      throw new IllegalArgumentException(
          "broker.max-in-flight must be at least 1, confirm-timeout positive");
    }
    this.maxInFlight = config.maxInFlight();
    this.confirmTimeoutNanos = config.confirmTimeout().toNanos();
    this.permits = new Semaphore(maxInFlight);
    this.topology = new Topology(config.declare());
    this.connectors = connectors;
    List<Lane> built = new ArrayList<>();
    for (EventExecutor loop : loops) {
      String name = "hookgate-publish-" + built.size();
      built.add(new Lane((EventLoop) loop, connectors.apply((EventLoop) loop), name, endpoints));
    }
    this.lanes = List.copyOf(built);
  }

  /** Starts connecting in the background and returns at once, even if the broker is down. */
  public void start() {
    lanes.forEach(lane -> lane.connection.start());
  }

  @Override
  public CompletableFuture<PublishResult> publish(OutboundMessage message) {
    requireNonNull(message, "message");
    Lane lane = laneOfThisThread();
    ChannelPublisher channel = lane.channel;
    // Refuse on the caller's thread whatever cannot end in a confirm: while blocked a publish
    // would only wait for the alarm to clear, and beyond maxInFlight it would only queue.
    if (closing
        || channel == null
        || !lane.connection.isOpen()
        || lane.connection.isBlocked()
        || !permits.tryAcquire()) {
      listener.onResult(PublishResult.UNAVAILABLE, 0);
      return CompletableFuture.completedFuture(PublishResult.UNAVAILABLE);
    }
    long start = System.nanoTime();
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
          permits.release(); // Exactly once: a future completes once.
          // A caller that cancels our future must not break the listener.
          PublishResult reported = outcome == null ? PublishResult.ERROR : outcome;
          listener.onResult(reported, System.nanoTime() - start);
        });
    channel.publish(message, result);
    return result;
  }

  /** The lane of the loop we are on, or the next lane in turn for any other thread. */
  private Lane laneOfThisThread() {
    Lane own = ownLane.get();
    return own != null ? own : lanes.get(Math.floorMod(nextLane.getAndIncrement(), lanes.size()));
  }

  /**
   * Declares {@code broker.declare} over a short-lived connection of its own, so that a start can
   * fail on a conflict with what exists instead of serving with the wrong topology. Each lane's
   * connection declares again whenever it opens or recovers.
   *
   * @throws TopologyException naming each object the broker refused
   * @throws IOException if the broker cannot be reached or the connection failed
   */
  public void declareTopology() throws IOException, TimeoutException, TopologyException {
    if (topology.isEmpty()) {
      return;
    }
    Connection once = connectors.apply(lanes.get(0).loop).connect();
    try {
      topology.declare(once);
    } finally {
      // Even when not open: a recovering connection would otherwise reconnect for ever.
      once.abort((int) CLOSE_TIMEOUT.toMillis());
    }
  }

  /** Why the last declaration of {@code broker.declare} failed, or {@code null} if it did not. */
  public String topologyProblem() {
    return topologyProblem;
  }

  /** Whether every lane's broker connection is up (readiness). */
  public boolean connected() {
    return lanes.stream().allMatch(lane -> lane.connection.isOpen());
  }

  /** Whether the broker blocked publishers (a memory or disk alarm). */
  public boolean blocked() {
    return lanes.stream().anyMatch(lane -> lane.connection.isBlocked());
  }

  /** Whether {@link #drain} or {@link #close} began: new publishes are refused from now on. */
  public boolean draining() {
    return closing;
  }

  /** Publishes awaiting their result. */
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
   * Drains for up to the confirm timeout (every publish ends by then), then closes the connections;
   * anything still outstanding ends {@code ERROR}.
   */
  @Override
  public void close() {
    close(Duration.ofNanos(confirmTimeoutNanos));
  }

  /**
   * Drains for up to {@code drainTimeout}, then closes the channels and the connections cleanly;
   * anything still outstanding ends {@code ERROR} (or {@code TIMEOUT}, if it never reached a
   * channel). Call it off the event loops, and before they stop: they carry the connections' close
   * handshakes.
   */
  public void close(Duration drainTimeout) {
    if (!drain(drainTimeout)) {
      log.warn("Closing the broker connections with {} publishes in flight", inFlight());
    }
    // Closing a connection closes its channels, whose listeners fail what is outstanding. A
    // stalled broker makes each close wait out its timeout, so the lanes close side by side.
    List<Thread> closers = new ArrayList<>();
    for (Lane lane : lanes) {
      Thread closer = new Thread(() -> lane.connection.close(CLOSE_TIMEOUT), lane.name + "-stop");
      closer.setDaemon(true);
      closer.start();
      closers.add(closer);
    }
    try {
      for (Thread closer : closers) {
        closer.join();
      }
      // Only now: a first connect that completed while the connections closed opened a channel.
      lanes.forEach(Lane::stop);
      long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
      for (Lane lane : lanes) {
        lane.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A broker that never answered the close left its channels open as far as the client knows,
    // and their publishes unanswered: end them here, and anything else through its timeout.
    lanes.forEach(Lane::failOutstanding);
    for (Timeout pending : timeouts.stop()) {
      try {
        pending.task().run(pending);
      } catch (Exception e) {
        log.warn("A confirm timeout failed at close", e);
      }
    }
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

  /** One event loop's connection and the channel it publishes on. */
  private final class Lane {
    final EventLoop loop;
    final BrokerConnection.Connector connector;
    final String name;
    final BrokerConnection connection;
    // Set once, before the connection first reports open.
    volatile ChannelPublisher channel;
    // The recovering connection keeps its identity across recoveries; set once it first opens.
    private volatile Connection opened;

    Lane(EventLoop loop, BrokerConnection.Connector connector, String name, String endpoints) {
      this.loop = loop;
      this.connector = connector;
      this.name = name;
      this.connection = new BrokerConnection(connector, name, endpoints, this::open, this::reopen);
    }

    private void open(Connection opened) {
      this.opened = opened;
      declare(opened);
      channel = new ChannelPublisher(opened, loop, connector::writable, name);
    }

    private void reopen() {
      // The broker may have lost non-durable objects, or been replaced by an empty one.
      Connection recovered = opened;
      if (recovered != null) {
        declare(recovered);
      }
      ChannelPublisher publisher = channel;
      if (publisher != null) {
        publisher.replaceIfUnusable();
      }
    }

    void stop() {
      ChannelPublisher current = channel;
      if (current != null) {
        current.stop();
      }
    }

    void failOutstanding() {
      ChannelPublisher current = channel;
      if (current != null) {
        current.failOutstanding();
      }
    }

    void awaitStopped(Duration timeout) throws InterruptedException {
      ChannelPublisher current = channel;
      if (current != null) {
        current.awaitStopped(timeout);
      }
    }
  }
}
