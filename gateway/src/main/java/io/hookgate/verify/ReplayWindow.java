package io.hookgate.verify;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

/**
 * The replay window of schemes with a signed timestamp: the unix time the sender signed must be
 * within the tolerance of now in both directions, so neither an old capture nor one stamped far in
 * the future (to outlive the window) is accepted.
 */
final class ReplayWindow {
  /** Enough for any real unix time in seconds, small enough that {@code * 1000} cannot overflow. */
  private static final int MAX_DIGITS = 15;

  private final Clock clock;
  private final long toleranceMillis;

  ReplayWindow(Clock clock, Duration tolerance) {
    this.clock = requireNonNull(clock, "clock");
    if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
    }
    this.toleranceMillis = saturatedMillis(tolerance);
  }

  /**
   * The unix time in {@code text}, or -1 unless it is 1 to 15 ASCII digits (no sign, no spaces, no
   * fraction). Strictness matters: the exact text is what the sender signed.
   */
  static long parseSeconds(String text) {
    return parseSeconds(text, 0, text.length());
  }

  /** {@link #parseSeconds(String)} of {@code text[from, to)}, read in place. */
  static long parseSeconds(String text, int from, int to) {
    int length = to - from;
    if (length <= 0 || length > MAX_DIGITS) {
      return -1;
    }
    long seconds = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      seconds = seconds * 10 + (c - '0');
    }
    return seconds;
  }

  /** Whether {@code epochSeconds} is within the tolerance of the clock's now, either way. */
  boolean contains(long epochSeconds) {
    long distance = Math.abs(epochSeconds * 1000 - clock.millis());
    return distance <= toleranceMillis;
  }

  private static long saturatedMillis(Duration tolerance) {
    try {
      return tolerance.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
