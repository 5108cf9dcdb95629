package io.hookgate.dedup;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dedup on the request path: claiming a new id and committing it once confirmed, from one and from
 * two threads (event loops share one deduplicator), and claiming an id already confirmed. The
 * deduplicator is filled to its bound first ({@code entries}), so every new claim also evicts the
 * oldest entry, as in a gateway that has run for a while.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DeduplicatorBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class DeduplicatorBenchmark {
  private static final String SOURCE = "github";

  @Param({"1000", "1000000"})
  public int entries;

  Deduplicator dedup;
  String confirmed;
  final AtomicInteger threads = new AtomicInteger();

  @Setup
  public void setUp() {
    dedup = new Deduplicator(Duration.ofHours(24), entries);
    for (int i = 0; i < entries; i++) {
      String id = UUID.randomUUID().toString();
      dedup.commit((Claim.Owned) dedup.claim(SOURCE, id));
      confirmed = id;
    }
    dedup.cache().cleanUp();
    if (dedup.claim(SOURCE, confirmed) != Claim.DONE) {
      throw new IllegalStateException("the last id filled in is not remembered");
    }
  }

  /** Fresh ids shaped like GitHub's delivery UUIDs, distinct across threads. */
  @State(Scope.Thread)
  public static class Ids {
    String prefix;
    long next;

    @Setup
    public void setUp(DeduplicatorBenchmark benchmark) {
      prefix = String.format("%08x-0000-4000-8000-", benchmark.threads.incrementAndGet());
    }

    String nextId() {
      // 24 + 12 characters: a UUID's length; the concatenation is the header string a request
      // would bring anyway.
      return prefix + Long.toHexString(0x1000_0000_0000L | next++);
    }
  }

  /** A new id: claimed (owned), then committed as the broker's confirm would. */
  @Benchmark
  @Threads(1)
  public Claim claimAndCommit(Ids ids) {
    return claimAndCommitNew(ids);
  }

  /** As {@link #claimAndCommit}, from two threads at once. */
  @Benchmark
  @Threads(2)
  public Claim claimAndCommitTwoThreads(Ids ids) {
    return claimAndCommitNew(ids);
  }

  /** A repeat of a confirmed id: answered from the cache. */
  @Benchmark
  @Threads(1)
  public Claim claimConfirmed() {
    Claim claim = dedup.claim(SOURCE, confirmed);
    if (claim != Claim.DONE) {
      throw new IllegalStateException("a confirmed id was claimed again: " + claim);
    }
    return claim;
  }

  private Claim claimAndCommitNew(Ids ids) {
    Claim claim = dedup.claim(SOURCE, ids.nextId());
    if (!(claim instanceof Claim.Owned owned)) {
      throw new IllegalStateException("a new id was not owned: " + claim);
    }
    dedup.commit(owned);
    return claim;
  }
}
