package io.hookgate.publish;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.recovery.AutorecoveringChannel;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one AMQP channel in confirm mode on a connection that lives on {@code loop}, and publishes
 * on that loop only.
 *
 * <p>The loop reads the connection's frames, so confirms and returns arrive on it too: a request
 * served on the loop is published, confirmed and answered there, with no hand-off between threads.
 * A publish on the loop is written to Netty's buffer and never waits for the socket; {@code
 * writable} bounds that buffer. Only the loop publishes, so the channel's sequence numbers need no
 * lock.
 *
 * <p>Opening and replacing the channel are RPCs that wait for the broker's reply, which the loop
 * itself would read, so they run on a thread of their own ({@code opener}), which publishes the
 * channel to the loop once it is in confirm mode. Shutdown and recovery notifications fail the
 * tracker wholesale.
 */
final class ChannelPublisher {

  private static final Logger log = LoggerFactory.getLogger(ChannelPublisher.class);

  private final Connection connection;
  private final EventLoop loop;
  private final BooleanSupplier writable;
  private final String name;
  private final ExecutorService opener;
  // Set while a reopen is queued on the opener: a closed channel asks once, not once a publish.
  private final AtomicBoolean reopening = new AtomicBoolean();

  // Written by the opener, read by the loop. Each channel gets its own tracker, so a replacement
  // starts clean.
  private volatile Open current;

  /**
   * A channel in confirm mode and its tracker. {@code confirming} turns false when recovery
   * replaces the channel's delegate and true once recovery has put the new one in confirm mode,
   * which a recovery that fails part-way never does.
   */
  private record Open(Channel channel, ConfirmTracker tracker, AtomicBoolean confirming) {

    boolean usable() {
      return channel.isOpen() && confirming.get();
    }
  }

  ChannelPublisher(Connection connection, EventLoop loop, BooleanSupplier writable, String name) {
    this.connection = connection;
    this.loop = loop;
    this.writable = writable;
    this.name = name;
    this.opener =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, name + "-open");
              t.setDaemon(true);
              return t;
            });
    // Open the channel now rather than on the first publish.
    replaceIfUnusable();
  }

  /** Publishes on the loop and completes {@code result}; never blocks the caller. */
  void publish(OutboundMessage message, CompletableFuture<PublishResult> result) {
    if (loop.inEventLoop()) {
      send(message, result);
      return;
    }
    try {
      loop.execute(() -> send(message, result));
    } catch (RejectedExecutionException e) {
      result.complete(PublishResult.UNAVAILABLE);
    }
  }

  /** Opens no more channels. */
  void stop() {
    opener.shutdown();
  }

  /**
   * Fails what still awaits a confirm. For after the connection closed: its close does not tell the
   * channel when the broker never answered it.
   */
  void failOutstanding() {
    Open open = current;
    if (open != null) {
      open.tracker().failAll(PublishResult.ERROR);
    }
  }

  /** Waits for the opener to finish after {@link #stop()}. */
  void awaitStopped(Duration timeout) throws InterruptedException {
    opener.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void send(OutboundMessage message, CompletableFuture<PublishResult> result) {
    if (result.isDone()) {
      return; // Timed out while queued: never publish what was already answered.
    }
    // The recovering connection reports open only once every channel is recovered, confirm.select
    // answered included, so a publish written after this check cannot precede confirm mode.
    if (!connection.isOpen()) {
      result.complete(PublishResult.UNAVAILABLE);
      return;
    }
    Open open = current;
    if (open == null || !open.usable()) {
      result.complete(PublishResult.UNAVAILABLE);
      replaceIfUnusable();
      return;
    }
    if (!writable.getAsBoolean()) {
      // The broker is not taking what we write: more would only grow the buffer.
      result.complete(PublishResult.UNAVAILABLE);
      return;
    }
    // Read the number and publish on the same underlying channel: automatic recovery swaps
    // the delegate, and a number from one with a publish on the other would match a stranger's
    // confirm.
    Channel channel = open.channel();
    Channel target = channel instanceof AutorecoveringChannel r ? r.getDelegate() : channel;
    long sequenceNumber = target.getNextPublishSeqNo();
    if (sequenceNumber == 0) {
      // Not in confirm mode, which usable() already rules out; kept because a publish the broker
      // will not confirm must never take a number another publish's confirm could match.
      result.complete(PublishResult.UNAVAILABLE);
      return;
    }
    open.tracker().register(sequenceNumber, result);
    try {
      target.basicPublish(
          message.exchange(),
          message.routingKey(),
          true,
          MessageProperties.of(message, sequenceNumber),
          message.body());
    } catch (IOException | RuntimeException e) {
      log.debug("{}: publish failed: {}", name, e.toString());
      result.complete(PublishResult.ERROR);
    }
  }

  /**
   * Asks the opener to replace the channel if it is closed or out of confirm mode (after the
   * connection recovered, say), unless it has been asked already.
   */
  void replaceIfUnusable() {
    if (!reopening.compareAndSet(false, true)) {
      return;
    }
    try {
      opener.execute(
          () -> {
            reopening.set(false);
            ensureOpen();
          });
    } catch (RejectedExecutionException e) {
      // Closing: nothing more to open.
    }
  }

  /** On the opener: keeps the open channel, or replaces one the broker closed if it can now. */
  private void ensureOpen() {
    Open open = current;
    if (open != null) {
      if (open.usable()) {
        return;
      }
      ShutdownSignalException cause = open.channel().getCloseReason();
      if ((cause == null || cause.isHardError()) && !connection.isOpen()) {
        return; // The connection is down or recovering; recovery reopens this channel.
      }
      // Closed by a channel-level error, which recovery never repairs, not recovered with its
      // connection, or recovered without confirm mode. abort() also unregisters it, so recovery
      // will not revive it later.
      discard(open);
    }
    if (!connection.isOpen()) {
      return;
    }
    Channel opened = null;
    try {
      opened = connection.createChannel();
      if (opened == null) {
        throw new IOException("the broker's channel limit is reached");
      }
      current = inConfirmMode(opened);
    } catch (IOException | RuntimeException e) {
      log.warn("{}: cannot open a channel: {}", name, e.toString());
      if (opened != null) {
        abort(opened);
      }
    }
  }

  private Open inConfirmMode(Channel opened) throws IOException {
    ConfirmTracker confirms = new ConfirmTracker();
    AtomicBoolean confirming = new AtomicBoolean(true);
    opened.addConfirmListener(confirms::ack, confirms::nack);
    opened.addReturnListener(returned -> onReturn(confirms, returned));
    // The client may notify a listener twice for one close (the reading loop, and a later
    // abort), so the replacement is asked for once.
    AtomicBoolean replacing = new AtomicBoolean();
    opened.addShutdownListener(cause -> onShutdown(confirms, replacing, cause));
    if (opened instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecoveryStarted(Recoverable ignored) {
              // The new delegate is not in confirm mode yet, so nothing has registered on it:
              // clearing here cannot touch a new publish, only stale ones.
              confirming.set(false);
              confirms.failAll(PublishResult.ERROR);
            }

            @Override
            public void handleRecovery(Recoverable ignored) {
              // Only after recovery restored the channel's state, confirm mode included.
              confirming.set(true);
              log.info("{}: channel recovered", name);
            }
          });
    }
    opened.confirmSelect();
    return new Open(opened, confirms, confirming);
  }

  private void discard(Open dead) {
    abort(dead.channel());
    if (current == dead) {
      current = null;
    }
    dead.tracker().failAll(PublishResult.ERROR);
  }

  private void abort(Channel dead) {
    try {
      dead.abort();
    } catch (IOException | RuntimeException e) {
      log.debug("{}: abort of a dead channel failed: {}", name, e.toString());
    }
  }

  private void onShutdown(
      ConfirmTracker confirms, AtomicBoolean replacing, ShutdownSignalException cause) {
    // On the loop or the client's shutdown thread: never open a channel here (on the loop that
    // would wait for a reply only the loop reads), only fail what is outstanding and ask the
    // opener to replace it.
    confirms.failAll(PublishResult.ERROR);
    if (!cause.isHardError()
        && !cause.isInitiatedByApplication()
        && replacing.compareAndSet(false, true)) {
      log.warn(
          "{}: channel closed by the broker ({}); opening a new one", name, cause.getMessage());
      replaceIfUnusable();
    }
  }

  private void onReturn(ConfirmTracker confirms, Return returned) {
    MessageProperties.sequenceNumber(returned.getProperties())
        .ifPresentOrElse(
            confirms::returned,
            () ->
                log.warn("{}: a returned message lacks {}", name, RabbitPublisher.SEQUENCE_HEADER));
  }
}
