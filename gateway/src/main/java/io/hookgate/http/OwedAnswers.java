package io.hookgate.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests whose answer has not been handed to their connection yet, across the listener, so
 * shutdown can wait for those answers before it closes the connections: a publish that ended is not
 * yet an answer on the wire.
 */
final class OwedAnswers {
  private final AtomicInteger owed = new AtomicInteger();

  /** A request now waits for its answer. */
  void opened() {
    owed.incrementAndGet();
  }

  /** A request's answer was written, or its connection no longer needs it. */
  void settled() {
    if (owed.decrementAndGet() == 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Waits up to {@code timeout} until nothing is owed; call it off the event loop. */
  boolean awaitNone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (owed.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
    return true;
  }

  int owed() {
    return owed.get();
  }
}
