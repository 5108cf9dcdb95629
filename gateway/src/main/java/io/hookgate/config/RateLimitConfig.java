package io.hookgate.config;

import java.time.Duration;

/**
 * A source's rate limit: {@code permits} requests per {@code period}, refilled smoothly, of which
 * up to {@code burst} may come at once.
 *
 * @param permits requests admitted per period
 * @param period the period of {@code permits}
 * @param burst the most admitted at once after a quiet spell
 */
public record RateLimitConfig(long permits, Duration period, long burst) {

  public RateLimitConfig {
    if (permits < 1 || burst < 1 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("permits and burst must be at least 1, period positive");
    }
  }
}
