package io.hookgate.intake;

import static java.util.Objects.requireNonNull;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.hookgate.config.RateLimitConfig;

/**
 * Admits one source's requests at its configured rate: a token bucket of {@code burst} tokens
 * refilled smoothly at {@code permits} per {@code period}.
 *
 * <p>Bucket4j's local bucket is lock-free (a compare-and-set on its state), so event loops never
 * wait on each other here, and it tells how long until the next token, which becomes {@code
 * Retry-After}.
 */
public final class RateLimit {
  /** Admits everything. */
  public static final RateLimit NONE = new RateLimit(null);

  private final Bucket bucket;

  private RateLimit(Bucket bucket) {
    this.bucket = bucket;
  }

  /** A limit for {@code config} on the JVM's monotonic clock. */
  public static RateLimit of(RateLimitConfig config) {
    return of(config, TimeMeter.SYSTEM_NANOTIME);
  }

  /** As {@link #of(RateLimitConfig)}, reading time from {@code clock} (tests). */
  public static RateLimit of(RateLimitConfig config, TimeMeter clock) {
    requireNonNull(config, "config");
    requireNonNull(clock, "clock");
    return new RateLimit(
        Bucket.builder()
            .addLimit(
                limit ->
                    limit.capacity(config.burst()).refillGreedy(config.permits(), config.period()))
            .withCustomTimePrecision(clock)
            .build());
  }

  /** Takes a token: 0 if admitted, otherwise the nanoseconds until one will be there. */
  public long tryAcquire() {
    if (bucket == null) {
      return 0;
    }
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
  }
}
