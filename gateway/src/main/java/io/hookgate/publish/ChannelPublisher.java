package io.hookgate.publish;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.recovery.AutorecoveringChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one AMQP channel in confirm mode and the only thread that publishes on it.
 *
 * <p>{@code basicPublish}, opening and replacing the channel run on this object's thread, so the
 * channel, its tracker and its sequence numbers need no locks. Confirms and returns arrive on the
 * client's reader thread and complete futures through the tracker; shutdown and recovery
 * notifications fail the tracker wholesale.
 */
final class ChannelPublisher {

  private static final Logger log = LoggerFactory.getLogger(ChannelPublisher.class);

  private final Connection connection;
  private final String name;
  private final ExecutorService thread;

  // Confined to `thread`; each channel gets its own tracker, so a replacement starts clean.
  private Channel channel;
  private ConfirmTracker tracker;

  ChannelPublisher(Connection connection, int index) {
    this.connection = connection;
    this.name = "hookgate-publish-" + index;
    // One thread, fed through a LinkedTransferQueue: every event loop hands publishes to every
    // channel, and that queue's offer is lock-free, where newSingleThreadExecutor's
    // LinkedBlockingQueue would have them all take its put lock.
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedTransferQueue<>(),
            task -> {
              Thread t = new Thread(task, name);
              t.setDaemon(true);
              return t;
            });
    // Open the channel now rather than on the first publish.
    runOnThread(this::currentChannel);
  }

  /**
   * Publishes on this channel's thread and completes {@code result}; never blocks the caller. Runs
   * {@code dequeued} once this object no longer holds the message: sent, skipped or refused.
   */
  void publish(
      OutboundMessage message, CompletableFuture<PublishResult> result, Runnable dequeued) {
    try {
      thread.execute(
          () -> {
            try {
              send(message, result);
            } finally {
              dequeued.run();
            }
          });
    } catch (RejectedExecutionException e) {
      result.complete(PublishResult.UNAVAILABLE);
      dequeued.run();
    }
  }

  /** Replaces the channel if it is still closed once the connection recovered. */
  void reopenIfClosed() {
    runOnThread(this::currentChannel);
  }

  /** Takes no more work; what is queued still runs (answered already, it is skipped). */
  void stop() {
    thread.shutdown();
  }

  /** Waits for the thread to finish after {@link #stop()}. */
  void awaitStopped(Duration timeout) throws InterruptedException {
    thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void send(OutboundMessage message, CompletableFuture<PublishResult> result) {
    if (result.isDone()) {
      return; // Timed out while queued: never publish what was already answered.
    }
    Channel open = currentChannel();
    if (open == null) {
      result.complete(PublishResult.UNAVAILABLE);
      return;
    }
    // Read the number and publish on the same underlying channel: automatic recovery swaps
    // the delegate, and a number from one with a publish on the other would match a stranger's
    // confirm.
    Channel target = open instanceof AutorecoveringChannel r ? r.getDelegate() : open;
    long sequenceNumber = target.getNextPublishSeqNo();
    if (sequenceNumber == 0) {
      // A recovered delegate before confirm mode is restored: nothing could confirm this.
      result.complete(PublishResult.UNAVAILABLE);
      return;
    }
    tracker.register(sequenceNumber, result);
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

  /** The open channel, a replacement for one the broker closed, or null (not now). */
  private Channel currentChannel() {
    if (channel != null) {
      if (channel.isOpen()) {
        return channel;
      }
      ShutdownSignalException cause = channel.getCloseReason();
      if (cause != null && cause.isHardError() && !connection.isOpen()) {
        return null; // The connection is down; automatic recovery reopens this channel.
      }
      // Closed by a channel-level error, which recovery never repairs, or not recovered with
      // its connection. abort() also unregisters it, so recovery will not revive it later.
      discard(channel);
    }
    if (!connection.isOpen()) {
      return null;
    }
    try {
      open();
    } catch (IOException | RuntimeException e) {
      log.warn("{}: cannot open a channel: {}", name, e.toString());
      discard(channel);
    }
    return channel;
  }

  private void open() throws IOException {
    ConfirmTracker confirms = new ConfirmTracker();
    Channel opened = connection.createChannel();
    if (opened == null) {
      throw new IOException("the broker's channel limit is reached");
    }
    channel = opened;
    tracker = confirms;
    opened.addConfirmListener(confirms::ack, confirms::nack);
    opened.addReturnListener(returned -> onReturn(confirms, returned));
    // The client may notify a listener twice for one close (the reader thread, and a later
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
              confirms.failAll(PublishResult.ERROR);
            }

            @Override
            public void handleRecovery(Recoverable ignored) {
              log.info("{}: channel recovered", name);
            }
          });
    }
    opened.confirmSelect();
  }

  private void discard(Channel dead) {
    if (dead == null) {
      return;
    }
    try {
      dead.abort();
    } catch (IOException | RuntimeException e) {
      log.debug("{}: abort of a dead channel failed: {}", name, e.toString());
    }
    if (channel == dead) {
      channel = null;
      tracker.failAll(PublishResult.ERROR);
      tracker = null;
    }
  }

  private void onShutdown(
      ConfirmTracker confirms, AtomicBoolean replacing, ShutdownSignalException cause) {
    // On the reader thread: never open a channel here (that waits for a reply this thread
    // reads), only fail what is outstanding and ask the publishing thread to replace it.
    confirms.failAll(PublishResult.ERROR);
    if (!cause.isHardError()
        && !cause.isInitiatedByApplication()
        && replacing.compareAndSet(false, true)) {
      log.warn(
          "{}: channel closed by the broker ({}); opening a new one", name, cause.getMessage());
      runOnThread(this::currentChannel);
    }
  }

  private void onReturn(ConfirmTracker confirms, Return returned) {
    MessageProperties.sequenceNumber(returned.getProperties())
        .ifPresentOrElse(
            confirms::returned,
            () ->
                log.warn("{}: a returned message lacks {}", name, RabbitPublisher.SEQUENCE_HEADER));
  }

  private void runOnThread(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      // Closing: nothing more to open.
    }
  }
}
