package io.hookgate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import io.hookgate.config.RateLimitConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A source's token bucket on a clock the test moves. */
class RateLimitTest {
  private final AtomicLong now = new AtomicLong();
  private final TimeMeter clock =
      new TimeMeter() {
        @Override
        public long currentTimeNanos() {
          return now.get();
        }

        @Override
        public boolean isWallClockBased() {
          return false;
        }
      };

  @Test
  void admitsTheBurstThenSaysHowLongUntilTheNextToken() {
    RateLimit limit = RateLimit.of(new RateLimitConfig(2, Duration.ofSeconds(1), 3), clock);

    assertThat(limit.tryAcquire()).isZero();
    assertThat(limit.tryAcquire()).isZero();
    assertThat(limit.tryAcquire()).isZero();

    // Two per second: the next token is half a second away.
    assertThat(limit.tryAcquire()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
  }

  @Test
  void refillsAtTheConfiguredRateUpToTheBurst() {
    RateLimit limit = RateLimit.of(new RateLimitConfig(10, Duration.ofMinutes(1), 10), clock);
    for (int i = 0; i < 10; i++) {
      assertThat(limit.tryAcquire()).isZero();
    }
    assertThat(limit.tryAcquire()).isPositive();

    now.addAndGet(TimeUnit.SECONDS.toNanos(6));
    assertThat(limit.tryAcquire()).isZero();
    assertThat(limit.tryAcquire()).isPositive();

    // A long quiet spell refills the burst, never more.
    now.addAndGet(TimeUnit.HOURS.toNanos(1));
    for (int i = 0; i < 10; i++) {
      assertThat(limit.tryAcquire()).isZero();
    }
    assertThat(limit.tryAcquire()).isPositive();
  }

  @Test
  void noneAdmitsEverything() {
    for (int i = 0; i < 1000; i++) {
      assertThat(RateLimit.NONE.tryAcquire()).isZero();
    }
  }
}
