package io.hookgate.publish;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Matches the publisher confirms of one channel to the publishes waiting for them, by publish
 * sequence number.
 *
 * <p>Modelled on RabbitMQ PerfTest's {@code Producer}. {@link #register} runs on the thread that
 * publishes on the channel, before {@code basicPublish}, so a confirm can never arrive for an
 * unknown number; confirms and returns arrive on the thread that reads the connection (the same
 * event loop, for the gateway's lanes); {@link #failAll} runs on whichever thread learns that the
 * channel died. Every future completes at most once (a {@link CompletableFuture} ignores later
 * completions), so a confirm racing a timeout or a failure is harmless.
 */
public final class ConfirmTracker {

  private final ConcurrentSkipListMap<Long, Pending> outstanding = new ConcurrentSkipListMap<>();

  /** Tracks {@code result} until the confirm for {@code sequenceNumber} arrives. */
  public void register(long sequenceNumber, CompletableFuture<PublishResult> result) {
    requireNonNull(result, "result");
    Pending pending = new Pending(result);
    Pending stale = outstanding.put(sequenceNumber, pending);
    if (stale != null) {
      // The channel restarted its numbering without failAll: the old publish can never be
      // confirmed, and must not take the new one's confirm.
      stale.result.complete(PublishResult.ERROR);
    }
    // Whoever completes the future (confirm, timeout, failure) removes the entry, so nothing
    // leaks and a late confirm finds nothing. remove(key, value) spares a newer entry.
    result.whenComplete((ignored, error) -> outstanding.remove(sequenceNumber, pending));
  }

  /** Completes the acknowledged publish(es): {@code ACK}, or {@code RETURNED} if returned. */
  public void ack(long sequenceNumber, boolean multiple) {
    settle(sequenceNumber, multiple, true);
  }

  /** Completes the refused publish(es) with {@code NACK}. */
  public void nack(long sequenceNumber, boolean multiple) {
    settle(sequenceNumber, multiple, false);
  }

  /**
   * Marks a publish as returned unroutable; RabbitMQ sends {@code basic.return} before the {@code
   * basic.ack} of the same message, and the ack then completes it {@code RETURNED}.
   */
  public void returned(long sequenceNumber) {
    Pending pending = outstanding.get(sequenceNumber);
    if (pending != null) {
      pending.returned = true;
    }
  }

  /**
   * Completes everything outstanding with {@code result} and empties the tracker, so that numbers
   * restarting at 1 on a recovered or new channel can never match a publish made before.
   */
  public void failAll(PublishResult result) {
    requireNonNull(result, "result");
    if (result == PublishResult.ACK) {
      throw new IllegalArgumentException("failAll must not acknowledge");
    }
    // pollFirstEntry rather than iterate-then-clear: an entry registered concurrently is either
    // polled here or stays to be settled normally, never dropped unanswered.
    Map.Entry<Long, Pending> entry;
    while ((entry = outstanding.pollFirstEntry()) != null) {
      entry.getValue().result.complete(result);
    }
  }

  /** Publishes still waiting for a confirm (linear time; for tests and diagnostics). */
  public int size() {
    return outstanding.size();
  }

  private void settle(long sequenceNumber, boolean multiple, boolean ack) {
    if (multiple) {
      NavigableMap<Long, Pending> upTo = outstanding.headMap(sequenceNumber, true);
      Map.Entry<Long, Pending> entry;
      while ((entry = upTo.pollFirstEntry()) != null) {
        entry.getValue().settle(ack);
      }
    } else {
      Pending pending = outstanding.remove(sequenceNumber);
      if (pending != null) {
        pending.settle(ack);
      }
    }
  }

  /** One publish awaiting its confirm; identity equality keeps remove(key, value) exact. */
  private static final class Pending {
    final CompletableFuture<PublishResult> result;
    // Written by the return listener and read by the confirm listener, both on the reader
    // thread; volatile so the order does not rest on that detail of the client.
    volatile boolean returned;

    Pending(CompletableFuture<PublishResult> result) {
      this.result = result;
    }

    void settle(boolean ack) {
      result.complete(
          ack ? (returned ? PublishResult.RETURNED : PublishResult.ACK) : PublishResult.NACK);
    }
  }
}
