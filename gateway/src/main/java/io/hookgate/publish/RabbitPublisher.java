package io.hookgate.publish;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.hookgate.config.BrokerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
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
 * <p>Each message carries the header {@value #SEQUENCE_HEADER}: its channel's publish sequence
 * number, the one thing that ties a {@code basic.return} (which names no delivery tag) to its
 * publish. Futures complete on the client's reader thread, a publishing thread, the JDK's timer
 * thread or the caller's thread; callers hand further work to their own executor.
 */
public final class RabbitPublisher implements Publisher, AutoCloseable {

  /** Carries the publish sequence number, the only unambiguous link from a return to a publish. */
  public static final String SEQUENCE_HEADER = "x-hookgate-seq";

  private static final Logger log = LoggerFactory.getLogger(RabbitPublisher.class);
  private static final long MAX_RETRY_MILLIS = 5_000;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /** Opens the connection; the seam where tests stand in for the broker. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws IOException, TimeoutException;
  }

  private final Connector connector;
  private final String endpoints;
  private final PublishListener listener;
  private final int maxInFlight;
  private final int channelCount;
  private final long confirmTimeoutNanos;
  private final Semaphore permits;
  private final ScheduledExecutorService connectThread;
  private final AtomicInteger nextChannel = new AtomicInteger();

  private volatile List<ChannelPublisher> channels = List.of();
  private volatile Connection connection;
  private volatile boolean blocked;
  private volatile boolean closing;
  private String lastFailure; // connect thread only

  /** A publisher for {@code config}; call {@link #start()} to connect. */
  public RabbitPublisher(BrokerConfig config) {
    this(config, PublishListener.NONE);
  }

  /** A publisher for {@code config} that reports every outcome to {@code listener}. */
  public RabbitPublisher(BrokerConfig config, PublishListener listener) {
    this(config, ConnectionSettings.of(config.urls()), listener);
  }

  private RabbitPublisher(
      BrokerConfig config, ConnectionSettings settings, PublishListener listener) {
    this(config, settings::connect, settings.endpoints(), listener);
  }

  RabbitPublisher(
      BrokerConfig config, Connector connector, String endpoints, PublishListener listener) {
    requireNonNull(config, "config");
    this.connector = requireNonNull(connector, "connector");
    this.endpoints = requireNonNull(endpoints, "endpoints");
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
    this.connectThread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "hookgate-broker-connect");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts connecting in the background and returns at once: the client does not retry a first
   * connection itself, so we do, until it succeeds; automatic recovery takes over from there.
   */
  public void start() {
    schedule(() -> connect(0), 0);
  }

  @Override
  public CompletableFuture<PublishResult> publish(OutboundMessage message) {
    requireNonNull(message, "message");
    List<ChannelPublisher> current = channels;
    // Refuse on the caller's thread whatever cannot end in a confirm: blocked publishes would
    // only wait for the alarm, and beyond maxInFlight we would only queue.
    if (closing || blocked || current.isEmpty() || !connected() || !permits.tryAcquire()) {
      listener.onResult(PublishResult.UNAVAILABLE, 0);
      return CompletableFuture.completedFuture(PublishResult.UNAVAILABLE);
    }
    long start = System.nanoTime();
    CompletableFuture<PublishResult> result = new CompletableFuture<>();
    result.whenComplete(
        (outcome, error) -> {
          permits.release(); // Exactly once: a future completes once.
          listener.onResult(
              outcome == null ? PublishResult.ERROR : outcome, System.nanoTime() - start);
        });
    result.completeOnTimeout(PublishResult.TIMEOUT, confirmTimeoutNanos, TimeUnit.NANOSECONDS);
    current
        .get(Math.floorMod(nextChannel.getAndIncrement(), current.size()))
        .publish(message, result);
    return result;
  }

  /** Whether the broker connection is up (readiness). */
  public boolean connected() {
    Connection current = connection;
    return current != null && current.isOpen();
  }

  /** Whether the broker blocked publishers (a memory or disk alarm). */
  public boolean blocked() {
    return blocked;
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

  /** Drains for up to the confirm timeout, then closes the connection; what is left ends ERROR. */
  @Override
  public void close() {
    if (!drain(Duration.ofNanos(confirmTimeoutNanos))) {
      log.warn("Closing the broker connection with {} publishes in flight", inFlight());
    }
    connectThread.shutdownNow();
    Connection current;
    synchronized (this) {
      current = connection;
    }
    try {
      for (ChannelPublisher channel : channels) {
        channel.close(CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (current != null) {
      // Closing the connection closes its channels, whose listeners fail what is outstanding.
      closeQuietly(current);
    }
  }

  private void connect(int attempt) {
    if (closing) {
      return;
    }
    Connection opened;
    try {
      opened = connector.connect();
    } catch (IOException | TimeoutException | RuntimeException e) {
      long delay = Math.min(MAX_RETRY_MILLIS, 1_000L << Math.min(attempt, 3));
      // The exception text names no credentials; the endpoints are redacted.
      String reason = e.toString();
      if (reason.equals(lastFailure)) {
        log.debug("Still cannot connect to RabbitMQ at {}: {}", endpoints, reason);
      } else {
        log.warn("Cannot connect to RabbitMQ at {}: {}; retrying", endpoints, reason);
        lastFailure = reason;
      }
      schedule(() -> connect(attempt + 1), delay);
      return;
    }
    attach(opened);
  }

  private synchronized void attach(Connection opened) {
    if (closing) {
      closeQuietly(opened);
      return;
    }
    opened.addBlockedListener(this::onBlocked, this::onUnblocked);
    opened.addShutdownListener(this::onConnectionLost);
    if (opened instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecoveryStarted(Recoverable ignored) {}

            @Override
            public void handleRecovery(Recoverable ignored) {
              log.info("Recovered the RabbitMQ connection to {}", endpoints);
              channels.forEach(ChannelPublisher::reopenIfClosed);
            }
          });
    }
    channels =
        IntStream.range(0, channelCount)
            .mapToObj(index -> new ChannelPublisher(opened, index))
            .toList();
    connection = opened;
    lastFailure = null;
    log.info("Connected to RabbitMQ at {} with {} channels", endpoints, channelCount);
  }

  private void onBlocked(String reason) {
    blocked = true;
    log.warn("RabbitMQ blocked publishing: {}", reason);
  }

  private void onUnblocked() {
    blocked = false;
    log.info("RabbitMQ unblocked publishing");
  }

  private void onConnectionLost(ShutdownSignalException cause) {
    // A new connection starts unblocked; the broker says so again if the alarm persists.
    blocked = false;
    if (!cause.isInitiatedByApplication()) {
      log.warn("Lost the RabbitMQ connection: {}; recovering", cause.getMessage());
    }
  }

  private void schedule(Runnable task, long delayMillis) {
    try {
      connectThread.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed.
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close((int) CLOSE_TIMEOUT.toMillis());
    } catch (AlreadyClosedException | IOException e) {
      // Down or recovering: abort also stops automatic recovery.
      connection.abort((int) CLOSE_TIMEOUT.toMillis());
    }
  }
}
