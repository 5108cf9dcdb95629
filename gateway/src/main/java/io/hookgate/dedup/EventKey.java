package io.hookgate.dedup;

/**
 * A (source, event id) pair reduced to 128 bits, so that a remembered id costs 32 bytes of key
 * instead of the id's string: a million GitHub delivery ids (UUIDs) then fit in about 130 MiB of
 * heap rather than 200.
 *
 * <p>The bits are MurmurHash3 (x64, 128-bit) of the UTF-16 code units of {@code (char)
 * source.length() ‖ source ‖ eventId}; the length prefix keeps ({@code "ab"}, {@code "c"}) apart
 * from ({@code "a"}, {@code "bc"}). Each {@link Deduplicator} hashes with its own random seed.
 *
 * <p>Two different pairs sharing a key would make the second event look like a duplicate: it would
 * be answered 200 and never published. With {@code n} ids remembered, the chance that any two of
 * them share a key is about {@code n² / 2^129}: for {@code n = 10^6}, about {@code 1.5 × 10^-27};
 * the chance that a given new id collides with one of them is {@code n / 2^128}, about {@code 3 ×
 * 10^-33}. MurmurHash3 is not a cryptographic hash, but forcing a collision needs the target id in
 * advance, and whoever can send a signed request with a chosen id could send that id itself.
 */
record EventKey(long high, long low) {
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  /** The key of {@code eventId} from {@code source} under {@code seed}. */
  static EventKey of(long seed, String source, String eventId) {
    int sourceLength = source.length();
    int length = 1 + sourceLength + eventId.length(); // in chars; the hash counts bytes
    long h1 = seed;
    long h2 = seed;
    int at = 0;
    for (; at + 8 <= length; at += 8) {
      long k1 = chars(source, eventId, at, 4);
      long k2 = chars(source, eventId, at + 4, 4);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = length - at;
    if (tail > 4) {
      h2 ^= mixK2(chars(source, eventId, at + 4, tail - 4));
    }
    if (tail > 0) {
      h1 ^= mixK1(chars(source, eventId, at, Math.min(tail, 4)));
    }
    long bytes = 2L * length;
    h1 ^= bytes;
    h2 ^= bytes;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    return new EventKey(h1, h2);
  }

  /** {@code count} (at most 4) chars of the hashed sequence from {@code at}, little-endian. */
  private static long chars(String source, String eventId, int at, int count) {
    long word = 0;
    for (int i = 0; i < count; i++) {
      word |= (long) charAt(source, eventId, at + i) << (16 * i);
    }
    return word;
  }

  private static char charAt(String source, String eventId, int index) {
    if (index == 0) {
      return (char) source.length();
    }
    int inSource = index - 1;
    return inSource < source.length()
        ? source.charAt(inSource)
        : eventId.charAt(inSource - source.length());
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
