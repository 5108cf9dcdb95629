package io.hookgate.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes of request bodies the whole server holds between aggregation and the answer
 * ({@code server.max-buffered-bytes}), so memory stays bounded however many requests wait for their
 * confirms; a body that does not fit is answered 503 at once. Lock-free: reserved on event loops,
 * released on whichever thread completes the request.
 *
 * <p>A body still being received is bounded per connection by {@code server.max-body} and {@code
 * server.request-timeout} instead; counting it here would need its size before it arrives.
 */
final class BodyBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  BodyBudget(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    this.limit = limit;
  }

  /**
   * Takes {@code bytes} from the budget if they fit, or if nothing else is held (so a source whose
   * {@code max-body} exceeds the bound is slowed to one body at a time, never refused forever);
   * each success needs one {@link #release}.
   */
  boolean tryReserve(long bytes) {
    long current;
    do {
      current = used.get();
      if (current > 0 && current + bytes > limit) {
        return false;
      }
    } while (!used.compareAndSet(current, current + bytes));
    return true;
  }

  /** Gives back what one {@link #tryReserve} took. */
  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Bytes reserved now. */
  long used() {
    return used.get();
  }
}
