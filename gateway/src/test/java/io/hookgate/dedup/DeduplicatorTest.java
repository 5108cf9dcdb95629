package io.hookgate.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final Deduplicator dedup =
      new Deduplicator(Duration.ofMinutes(10), 100, ticker, Runnable::run);

  @Test
  void firstCopyOwnsTheId() {
    assertThat(dedup.claim("github", "a")).isInstanceOf(Claim.Owned.class);
  }

  @Test
  void copyAfterCommitIsDone() {
    Claim.Owned first = (Claim.Owned) dedup.claim("github", "a");
    dedup.commit(first);

    assertThat(dedup.claim("github", "a")).isSameAs(Claim.DONE);
  }

  @Test
  void sameIdFromAnotherSourceIsIndependent() {
    dedup.commit((Claim.Owned) dedup.claim("github", "a"));

    assertThat(dedup.claim("stripe", "a")).isInstanceOf(Claim.Owned.class);
  }

  @Test
  void copyAfterReleaseOwnsTheIdAgain() {
    Claim.Owned first = (Claim.Owned) dedup.claim("github", "a");
    dedup.release(first);

    assertThat(dedup.claim("github", "a")).isInstanceOf(Claim.Owned.class);
  }

  @Test
  void copyDuringFlightWaitsAndLearnsTheCommit() {
    Claim.Owned first = (Claim.Owned) dedup.claim("github", "a");
    Claim.Waiting second = (Claim.Waiting) dedup.claim("github", "a");
    assertThat(second.outcome().toCompletableFuture()).isNotDone();

    dedup.commit(first);

    assertThat(second.outcome().toCompletableFuture()).isCompletedWithValue(true);
  }

  @Test
  void copyDuringFlightWaitsAndLearnsTheRelease() {
    Claim.Owned first = (Claim.Owned) dedup.claim("github", "a");
    Claim.Waiting second = (Claim.Waiting) dedup.claim("github", "a");

    dedup.release(first);

    assertThat(second.outcome().toCompletableFuture()).isCompletedWithValue(false);
    assertThat(dedup.claim("github", "a")).isInstanceOf(Claim.Owned.class);
  }

  @Test
  void waiterCannotCompleteTheSharedOutcome() {
    Claim.Owned first = (Claim.Owned) dedup.claim("github", "a");
    Claim.Waiting second = (Claim.Waiting) dedup.claim("github", "a");

    second.outcome().toCompletableFuture().complete(false);
    Claim.Waiting third = (Claim.Waiting) dedup.claim("github", "a");
    assertThat(third.outcome().toCompletableFuture()).isNotDone();

    dedup.commit(first);
    assertThat(third.outcome().toCompletableFuture()).isCompletedWithValue(true);
  }

  @Test
  void confirmedIdIsForgottenAfterTtl() {
    dedup.commit((Claim.Owned) dedup.claim("github", "a"));
    nanos.addAndGet(Duration.ofMinutes(10).plusSeconds(1).toNanos());

    assertThat(dedup.claim("github", "a")).isInstanceOf(Claim.Owned.class);
  }

  @Test
  void sizeBoundEvictsConfirmedIdsButNeverInFlightClaims() {
    Deduplicator small = new Deduplicator(Duration.ofHours(1), 10, ticker, Runnable::run);
    Claim.Owned pending = (Claim.Owned) small.claim("s", "in-flight");
    for (int i = 0; i < 1000; i++) {
      small.commit((Claim.Owned) small.claim("s", "id-" + i));
    }
    small.cache().cleanUp();

    assertThat(small.size()).isLessThanOrEqualTo(11);
    assertThat(small.claim("s", "in-flight")).isInstanceOf(Claim.Waiting.class);
    small.commit(pending);
    assertThat(small.claim("s", "in-flight")).isSameAs(Claim.DONE);
  }

  @Test
  void concurrentCopiesYieldExactlyOneOwner() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 200; round++) {
        String id = "evt-" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Claim>> claims = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          claims.add(
              pool.submit(
                  () -> {
                    start.await();
                    return dedup.claim("github", id);
                  }));
        }
        start.countDown();
        List<Claim> results = new ArrayList<>();
        for (Future<Claim> claim : claims) {
          results.add(claim.get(10, TimeUnit.SECONDS));
        }
        assertThat(results).filteredOn(c -> c instanceof Claim.Owned).hasSize(1);
        assertThat(results).filteredOn(c -> c instanceof Claim.Waiting).hasSize(threads - 1);
        Claim.Owned owner =
            (Claim.Owned) results.stream().filter(c -> c instanceof Claim.Owned).findFirst().get();
        dedup.commit(owner);
        assertThat(results)
            .filteredOn(c -> c instanceof Claim.Waiting)
            .allSatisfy(
                c ->
                    assertThat(((Claim.Waiting) c).outcome().toCompletableFuture())
                        .isCompletedWithValue(true));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
