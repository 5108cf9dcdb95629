package io.hookgate.dedup;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * Remembers which (source, event id) pairs were published, following the states in DESIGN.md:
 * absent, in flight, done. A caller that wins {@link #claim} must end its claim with exactly one
 * {@link #commit} (the broker confirmed) or {@link #release} (anything else), which also answers
 * every copy that waited for it.
 */
public final class Deduplicator {
  private static final Object DONE = new Object();

  private final Cache<EventKey, Object> entries;
  private final ConcurrentMap<EventKey, Object> map;

  /** Per instance, so which ids share a key differs from one process to the next. */
  private final long seed = new SecureRandom().nextLong();

  /** A deduplicator remembering confirmed ids for {@code ttl}, at most {@code maxEntries}. */
  public Deduplicator(Duration ttl, long maxEntries) {
    this(ttl, maxEntries, Ticker.systemTicker(), Runnable::run);
  }

  /** As above, with Caffeine's clock and maintenance executor injected (tests). */
  public Deduplicator(Duration ttl, long maxEntries, Ticker ticker, Executor executor) {
    requireNonNull(ttl, "ttl");
    this.entries =
        Caffeine.newBuilder()
            .expireAfterWrite(ttl)
            // In-flight entries weigh nothing, so size eviction never drops a claim whose
            // outcome copies are waiting for; only confirmed ids count against the bound.
            .maximumWeight(maxEntries)
            .weigher((EventKey key, Object value) -> value == DONE ? 1 : 0)
            .ticker(ticker)
            .executor(executor)
            .recordStats()
            .build();
    this.map = entries.asMap();
  }

  /** Claims {@code eventId} of {@code source}, or says why this copy must not publish. */
  public Claim claim(String source, String eventId) {
    // Only the 128-bit key is kept, never the strings: see EventKey for the collision odds.
    EventKey key = EventKey.of(seed, source, eventId);
    InFlight mine = new InFlight(key);
    Object existing = map.putIfAbsent(key, mine);
    if (existing == null) {
      return mine;
    }
    if (existing == DONE) {
      return Claim.DONE;
    }
    return new Claim.Waiting(((InFlight) existing).outcome.minimalCompletionStage());
  }

  /** The broker confirmed: later copies are duplicates, and waiting copies learn it now. */
  public void commit(Claim.Owned claim) {
    InFlight mine = (InFlight) claim;
    // Only our own claim becomes done: a claim another copy made after ours expired stays. A
    // conditional replace rather than compute(), whose remapping allocates several arrays.
    if (!map.replace(mine.key, mine, DONE)) {
      map.putIfAbsent(mine.key, DONE); // ours expired in flight: still remember the confirm
    }
    mine.outcome.complete(Boolean.TRUE);
  }

  /** The publish failed: the id is absent again so the sender's retry may publish it. */
  public void release(Claim.Owned claim) {
    InFlight mine = (InFlight) claim;
    map.remove(mine.key, mine);
    mine.outcome.complete(Boolean.FALSE);
  }

  /** The underlying cache, for Micrometer's cache metrics. */
  public Cache<?, ?> cache() {
    return entries;
  }

  /** Confirmed and in-flight ids currently remembered (an estimate, as Caffeine gives it). */
  public long size() {
    return entries.estimatedSize();
  }

  private static final class InFlight implements Claim.Owned {
    final EventKey key;
    final CompletableFuture<Boolean> outcome = new CompletableFuture<>();

    InFlight(EventKey key) {
      this.key = key;
    }
  }
}
