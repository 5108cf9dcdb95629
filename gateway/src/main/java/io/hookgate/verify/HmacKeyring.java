package io.hookgate.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * The keys of one source under one HMAC algorithm, and the single place that computes ({@link
 * Hmac}) and compares MACs: over {@code head ‖ body ‖ tail} without copying the body, against every
 * presented signature, in constant time ({@link MessageDigest#isEqual}). Thread-safe: each thread
 * verifies in its own {@link Scratch}.
 */
final class HmacKeyring {
  /** Presented signatures a thread's scratch keeps room for between requests. */
  private static final int KEPT_SIGNATURES = 4;

  /** Bytes of signed text around the body a thread's scratch keeps room for between requests. */
  private static final int KEPT_TEXT = 256;

  /**
   * Each thread's scratch: an {@link Hmac} is not thread-safe, and one lookup per request finds the
   * thread's keyed {@code Hmac}s and its buffers together. Event-loop threads are few and
   * long-lived, so the copies stay few.
   */
  private final ThreadLocal<Scratch> scratch;

  /**
   * @param algorithm {@code HmacSHA1}, {@code HmacSHA256} or {@code HmacSHA512}
   * @param keys the raw key bytes, at least one, none empty
   */
  HmacKeyring(String algorithm, List<byte[]> keys) {
    requireNonNull(algorithm, "algorithm");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no keys");
    }
    // One Hmac per key, built here so that an unusable algorithm or key fails at startup, not on
    // the first request; each thread's scratch copies them, and no raw key is kept.
    List<Hmac> hmacs = keys.stream().map(key -> new Hmac(algorithm, key)).toList();
    this.scratch =
        ThreadLocal.withInitial(
            () -> new Scratch(hmacs.stream().map(Hmac::copy).toArray(Hmac[]::new)));
  }

  /** A keyring whose keys are the secrets' UTF-8 bytes, as most providers use them. */
  static HmacKeyring ofSecrets(String algorithm, List<String> secrets) {
    return new HmacKeyring(algorithm, secrets.stream().map(s -> s.getBytes(UTF_8)).toList());
  }

  /** This thread's scratch, emptied for a new verification. */
  Scratch scratch() {
    Scratch current = scratch.get();
    current.clear();
    return current;
  }

  /**
   * One verification's working state on one thread, reused by the next: an {@link Hmac} per key,
   * the presented signatures decoded into MAC-sized buffers, the signed text around the body as
   * bytes, and a buffer for the computed MAC. A verification costs no key setup and allocates only
   * the copies of the two hash states each key's MAC starts from. Static, so that it holds no
   * reference to its keyring: the thread's map would otherwise keep the keyring, its {@code
   * ThreadLocal} key and this scratch reachable after a config reload retired them.
   */
  static final class Scratch {
    private final Hmac[] hmacs;
    private final byte[] computed;
    private byte[][] signatures = new byte[KEPT_SIGNATURES][];
    private int count;
    private byte[] text = new byte[KEPT_TEXT];
    private int length;

    private Scratch(Hmac[] hmacs) {
      this.hmacs = hmacs;
      this.computed = new byte[hmacs[0].length()];
    }

    /**
     * Decodes {@code header[from, to)} as a presented signature: whether it is well formed and of
     * this algorithm's length (public knowledge). Only those are kept, so a request whose
     * signatures are all unusable is refused before any MAC is computed.
     */
    boolean present(SignatureEncoding encoding, String header, int from, int to) {
      if (count == signatures.length) {
        signatures = Arrays.copyOf(signatures, count * 2);
      }
      if (signatures[count] == null) {
        signatures[count] = new byte[computed.length];
      }
      if (!encoding.decode(header, from, to, signatures[count])) {
        return false;
      }
      count++;
      return true;
    }

    /** Appends {@code bytes} to the signed text. */
    void append(byte[] bytes) {
      System.arraycopy(bytes, 0, room(bytes.length), length, bytes.length);
      length += bytes.length;
    }

    /** Appends one byte to the signed text. */
    void append(byte b) {
      room(1)[length++] = b;
    }

    /**
     * Appends the bytes of header text {@code header[from, to)}, one per char: header text holds
     * the wire bytes one char each (ISO-8859-1), so this recovers what the sender signed.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): lossy, wanted here
    void appendLatin1(String header, int from, int to) {
      header.getBytes(from, to, room(to - from), length);
      length += to - from;
    }

    /** How many bytes of signed text have been appended. */
    int length() {
      return length;
    }

    /**
     * Whether the MAC of {@code text[0, headLength) ‖ body ‖ text[headLength, length)} under any
     * key equals any presented signature. Each key's MAC is computed once however many signatures
     * are presented, and compared with all of them.
     */
    boolean matches(int headLength, byte[] body) {
      if (count == 0) {
        return false;
      }
      for (Hmac hmac : hmacs) {
        hmac.compute(text, headLength, body, length, computed);
        for (int i = 0; i < count; i++) {
          if (MessageDigest.isEqual(computed, signatures[i])) {
            return true;
          }
        }
      }
      return false;
    }

    /** {@link #text} with room for {@code more} bytes after {@link #length}. */
    private byte[] room(int more) {
      if (length + more > text.length) {
        text = Arrays.copyOf(text, Math.max(length + more, text.length * 2));
      }
      return text;
    }

    /** Forgets the last verification; buffers a hostile request grew are not kept. */
    private void clear() {
      count = 0;
      length = 0;
      if (signatures.length > KEPT_SIGNATURES) {
        signatures = Arrays.copyOf(signatures, KEPT_SIGNATURES);
      }
      if (text.length > KEPT_TEXT) {
        text = new byte[KEPT_TEXT];
      }
    }
  }
}
