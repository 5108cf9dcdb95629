package io.hookgate.publish;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the publisher's AMQP connections: opened in the background until it succeeds, then kept up
 * by the client's automatic recovery, with its open and blocked state readable from any thread.
 */
final class BrokerConnection {

  /** Opens the connection; the seam where tests stand in for the broker. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws IOException, TimeoutException;

    /** Whether the connection's socket takes a publish now without buffering beyond its bound. */
    default boolean writable() {
      return true;
    }

    /** Closes the socket under the connection, without a word to the broker. */
    default void drop() {}
  }

  private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
  private static final long FIRST_RETRY_MILLIS = 1_000;
  private static final long MAX_RETRY_MILLIS = 5_000;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Connector connector;
  private final String name;
  private final String endpoints;
  private final Consumer<Connection> onConnected;
  private final Runnable onRecovered;
  private final ScheduledExecutorService connectThread;

  private final AtomicBoolean started = new AtomicBoolean();
  private volatile Connection connection;
  private volatile boolean blocked;
  private boolean closed; // guarded by this
  private String lastFailure; // connect thread only

  /**
   * @param name what log lines call this connection
   * @param onConnected runs once, before {@link #isOpen()} first answers true
   * @param onRecovered runs after each automatic recovery
   */
  BrokerConnection(
      Connector connector,
      String name,
      String endpoints,
      Consumer<Connection> onConnected,
      Runnable onRecovered) {
    this.connector = requireNonNull(connector, "connector");
    this.name = requireNonNull(name, "name");
    this.endpoints = requireNonNull(endpoints, "endpoints");
    this.onConnected = requireNonNull(onConnected, "onConnected");
    this.onRecovered = requireNonNull(onRecovered, "onRecovered");
    this.connectThread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, name + "-connect");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts connecting and returns at once: the client does not retry a first connection itself, so
   * we do, until it succeeds; automatic recovery takes over from there.
   */
  void start() {
    if (started.getAndSet(true)) {
      return; // A second start would open a second connection.
    }
    schedule(() -> connect(0), 0);
  }

  boolean isOpen() {
    Connection current = connection;
    return current != null && current.isOpen();
  }

  boolean isBlocked() {
    return blocked;
  }

  /**
   * Stops connecting and closes the connection cleanly, or aborts it if that fails; if neither ends
   * within about {@code timeout}, drops the socket.
   */
  void close(Duration timeout) {
    Connection current;
    synchronized (this) {
      closed = true;
      current = connection;
    }
    connectThread.shutdownNow();
    if (current == null) {
      return;
    }
    // close() writes connection.close to the socket and waits for the reply. When the broker has
    // stopped reading, neither comes, so it runs on a thread of its own, and the socket is closed
    // under it if it takes too long.
    Thread closer = new Thread(() -> closeQuietly(current, timeout), name + "-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(timeout.toMillis());
      if (closer.isAlive()) {
        log.warn(
            "{}: RabbitMQ did not take the close within {}; dropping the connection",
            name,
            timeout);
        connector.drop();
        closer.join(timeout.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connector.drop();
    }
  }

  private void connect(int attempt) {
    Connection opened;
    try {
      opened = connector.connect();
    } catch (IOException | TimeoutException | RuntimeException e) {
      long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(attempt, 3));
      // Exception texts name no credentials, and endpoints carry none.
      String reason = e.toString();
      if (reason.equals(lastFailure)) {
        log.debug("{}: still cannot connect to RabbitMQ at {}: {}", name, endpoints, reason);
      } else {
        log.warn("{}: cannot connect to RabbitMQ at {}: {}; retrying", name, endpoints, reason);
        lastFailure = reason;
      }
      schedule(() -> connect(attempt + 1), delay);
      return;
    }
    attach(opened);
  }

  private synchronized void attach(Connection opened) {
    if (closed) {
      closeQuietly(opened, CLOSE_TIMEOUT);
      return;
    }
    opened.addBlockedListener(this::onBlocked, this::onUnblocked);
    opened.addShutdownListener(this::onLost);
    if (opened instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecoveryStarted(Recoverable ignored) {}

            @Override
            public void handleRecovery(Recoverable ignored) {
              log.info("{}: recovered the RabbitMQ connection to {}", name, endpoints);
              onRecovered.run();
            }
          });
    }
    onConnected.accept(opened);
    connection = opened;
    log.info("{}: connected to RabbitMQ at {}", name, endpoints);
  }

  private void onBlocked(String reason) {
    blocked = true;
    log.warn("{}: RabbitMQ blocked publishing: {}", name, reason);
  }

  private void onUnblocked() {
    blocked = false;
    log.info("{}: RabbitMQ unblocked publishing", name);
  }

  private void onLost(ShutdownSignalException cause) {
    // A new connection starts unblocked; the broker says so again if the alarm persists.
    blocked = false;
    if (!cause.isInitiatedByApplication()) {
      log.warn("{}: lost the RabbitMQ connection: {}; recovering", name, cause.getMessage());
    }
  }

  private void schedule(Runnable task, long delayMillis) {
    try {
      connectThread.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed.
    }
  }

  private static void closeQuietly(Connection connection, Duration timeout) {
    int millis = (int) timeout.toMillis();
    try {
      connection.close(millis);
    } catch (ShutdownSignalException | IOException e) {
      // Down, recovering, or no answer to the close: abort also stops automatic recovery.
      connection.abort(millis);
    }
  }
}
