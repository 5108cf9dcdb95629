package io.hookgate.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConfirmTrackerTest {

  private final ConfirmTracker tracker = new ConfirmTracker();

  private CompletableFuture<PublishResult> register(long sequenceNumber) {
    CompletableFuture<PublishResult> result = new CompletableFuture<>();
    tracker.register(sequenceNumber, result);
    return result;
  }

  @Test
  void singleAckCompletesOnlyThatPublish() {
    CompletableFuture<PublishResult> first = register(1);
    CompletableFuture<PublishResult> second = register(2);

    tracker.ack(2, false);

    assertThat(second).isCompletedWithValue(PublishResult.ACK);
    assertThat(first).isNotDone();
    assertThat(tracker.size()).isEqualTo(1);
  }

  @Test
  void multipleAckCompletesEverythingUpToAndIncludingTheNumber() {
    CompletableFuture<PublishResult> first = register(1);
    CompletableFuture<PublishResult> second = register(2);
    CompletableFuture<PublishResult> third = register(3);

    tracker.ack(2, true);

    assertThat(first).isCompletedWithValue(PublishResult.ACK);
    assertThat(second).isCompletedWithValue(PublishResult.ACK);
    assertThat(third).isNotDone();
    assertThat(tracker.size()).isEqualTo(1);
  }

  @Test
  void singleNackCompletesNack() {
    CompletableFuture<PublishResult> first = register(1);
    CompletableFuture<PublishResult> second = register(2);

    tracker.nack(1, false);

    assertThat(first).isCompletedWithValue(PublishResult.NACK);
    assertThat(second).isNotDone();
  }

  @Test
  void multipleNackCompletesEverythingUpToTheNumberNack() {
    CompletableFuture<PublishResult> first = register(1);
    CompletableFuture<PublishResult> second = register(2);
    CompletableFuture<PublishResult> third = register(3);

    tracker.nack(2, true);

    assertThat(first).isCompletedWithValue(PublishResult.NACK);
    assertThat(second).isCompletedWithValue(PublishResult.NACK);
    assertThat(third).isNotDone();
  }

  @Test
  void ackAfterReturnCompletesReturned() {
    CompletableFuture<PublishResult> returned = register(1);
    CompletableFuture<PublishResult> routed = register(2);

    tracker.returned(1);
    tracker.ack(2, true);

    assertThat(returned).isCompletedWithValue(PublishResult.RETURNED);
    assertThat(routed).isCompletedWithValue(PublishResult.ACK);
  }

  @Test
  void returnForUnknownNumberIsIgnored() {
    CompletableFuture<PublishResult> result = register(1);

    tracker.returned(7);
    tracker.ack(1, false);

    assertThat(result).isCompletedWithValue(PublishResult.ACK);
  }

  @Test
  void failAllCompletesEverythingAndEmptiesTheTracker() {
    CompletableFuture<PublishResult> first = register(1);
    CompletableFuture<PublishResult> second = register(2);

    tracker.failAll(PublishResult.ERROR);

    assertThat(first).isCompletedWithValue(PublishResult.ERROR);
    assertThat(second).isCompletedWithValue(PublishResult.ERROR);
    assertThat(tracker.size()).isZero();
  }

  @Test
  void restartedNumbersAfterFailAllMatchOnlyNewPublishes() {
    List<CompletableFuture<PublishResult>> old = List.of(register(1), register(2), register(3));
    tracker.failAll(PublishResult.ERROR);

    CompletableFuture<PublishResult> fresh = register(1);
    tracker.ack(1, false);

    assertThat(fresh).isCompletedWithValue(PublishResult.ACK);
    assertThat(old).allSatisfy(f -> assertThat(f).isCompletedWithValue(PublishResult.ERROR));
    assertThat(tracker.size()).isZero();
  }

  @Test
  void reusedNumberWithoutFailAllFailsTheStalePublish() {
    CompletableFuture<PublishResult> stale = register(1);
    CompletableFuture<PublishResult> fresh = register(1);

    tracker.ack(1, false);

    assertThat(stale).isCompletedWithValue(PublishResult.ERROR);
    assertThat(fresh).isCompletedWithValue(PublishResult.ACK);
  }

  @Test
  void timedOutPublishIsRemovedAndItsLateAckIgnored() {
    CompletableFuture<PublishResult> timedOut = register(1);
    CompletableFuture<PublishResult> next = register(2);

    // What the publisher's confirm timer does.
    timedOut.complete(PublishResult.TIMEOUT);

    assertThat(tracker.size()).isEqualTo(1);
    tracker.ack(2, true);
    assertThat(timedOut).isCompletedWithValue(PublishResult.TIMEOUT);
    assertThat(next).isCompletedWithValue(PublishResult.ACK);
    assertThat(tracker.size()).isZero();
  }

  @Test
  void everyPublishCompletesExactlyOnceUnderConcurrentRandomAcks() throws Exception {
    int count = 10_000;
    List<CompletableFuture<PublishResult>> results = new ArrayList<>(count);
    AtomicInteger completions = new AtomicInteger();
    AtomicLong registeredUpTo = new AtomicLong();

    // Acks come from another thread, like the reader thread, for numbers already registered:
    // random single acks and random multiple acks, then one multiple ack for the rest.
    Thread reader =
        new Thread(
            () -> {
              ThreadLocalRandom random = ThreadLocalRandom.current();
              long ackedUpTo = 0;
              while (ackedUpTo < count) {
                long registered = registeredUpTo.get();
                if (registered == ackedUpTo) {
                  Thread.onSpinWait();
                  continue;
                }
                long target = random.nextLong(ackedUpTo + 1, registered + 1);
                if (random.nextBoolean()) {
                  tracker.ack(target, true);
                  ackedUpTo = target;
                } else {
                  tracker.ack(target, false);
                }
              }
            },
            "fake-reader");
    reader.start();
    for (long sequenceNumber = 1; sequenceNumber <= count; sequenceNumber++) {
      CompletableFuture<PublishResult> result = new CompletableFuture<>();
      result.whenComplete((r, e) -> completions.incrementAndGet());
      results.add(result);
      tracker.register(sequenceNumber, result);
      registeredUpTo.set(sequenceNumber);
    }
    reader.join(TimeUnit.MINUTES.toMillis(1));

    assertThat(reader.isAlive()).isFalse();
    assertThat(results).allSatisfy(f -> assertThat(f).isCompletedWithValue(PublishResult.ACK));
    assertThat(completions).hasValue(count);
    assertThat(tracker.size()).isZero();
  }
}
