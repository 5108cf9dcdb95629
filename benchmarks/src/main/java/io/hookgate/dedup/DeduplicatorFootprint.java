package io.hookgate.dedup;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.UUID;

/**
 * Measures the heap that {@code n} confirmed event ids keep alive in a {@link Deduplicator}: heap
 * used after full collections, with the ids committed, minus the same before, while the
 * deduplicator is still reachable. Ids are random UUIDs, as GitHub's delivery ids are, and each is
 * a fresh string as a request header would be.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar io.hookgate.dedup.DeduplicatorFootprint [n]
 * </pre>
 */
public final class DeduplicatorFootprint {
  private static final long MIB = 1024 * 1024;

  private DeduplicatorFootprint() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = settledHeap(memory);
    Deduplicator dedup = new Deduplicator(Duration.ofHours(24), n);
    String first = UUID.randomUUID().toString();
    for (int i = 0; i < n; i++) {
      String id = i == 0 ? first : UUID.randomUUID().toString();
      if (!(dedup.claim("github", id) instanceof Claim.Owned owned)) {
        throw new IllegalStateException("a fresh id was not owned: " + id);
      }
      dedup.commit(owned);
    }
    dedup.cache().cleanUp();
    long after = settledHeap(memory);
    long size = dedup.size();
    if (size != n) {
      throw new IllegalStateException("expected " + n + " entries, found " + size);
    }
    // The first id is still remembered: the heap measured holds what it should.
    if (dedup.claim("github", first) != Claim.DONE) {
      throw new IllegalStateException("the first id was forgotten");
    }
    double mib = (after - before) / (double) MIB;
    System.out.printf(
        "%d confirmed ids: %.1f MiB retained heap (target < 150 MiB), %.0f bytes per id%n",
        n, mib, (after - before) / (double) n);
  }

  private static long settledHeap(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
