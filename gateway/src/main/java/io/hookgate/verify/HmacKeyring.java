package io.hookgate.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of one source under one HMAC algorithm, and the single place that computes and compares
 * MACs: over {@code head ‖ body ‖ tail} without copying the body, against every presented
 * signature, in constant time ({@link MessageDigest#isEqual}). Thread-safe.
 */
final class HmacKeyring {
  /** The empty head or tail, for schemes that sign less than {@code head ‖ body ‖ tail}. */
  static final byte[] NOTHING = new byte[0];

  private final String algorithm;
  private final List<SecretKeySpec> keys;
  private final int macLength;

  /**
   * One initialized {@link Mac} per key for each thread: {@code Mac} is not thread-safe, and {@code
   * doFinal} resets it to its keyed state, so a request costs no key setup and no allocation but
   * the result. Event-loop threads are few and long-lived, so the copies stay few.
   */
  private final ThreadLocal<Mac[]> macs;

  /**
   * @param algorithm a JCA name such as {@code HmacSHA256}
   * @param keys the raw key bytes, at least one, none empty
   */
  HmacKeyring(String algorithm, List<byte[]> keys) {
    this.algorithm = requireNonNull(algorithm, "algorithm");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no keys");
    }
    this.keys = keys.stream().map(key -> new SecretKeySpec(key, algorithm)).toList();
    // Built once here so an unusable algorithm fails at startup, not on the first request.
    Mac[] first = newMacs();
    this.macLength = first[0].getMacLength();
    this.macs = ThreadLocal.withInitial(this::newMacs);
  }

  /** A keyring whose keys are the secrets' UTF-8 bytes, as most providers use them. */
  static HmacKeyring ofSecrets(String algorithm, List<String> secrets) {
    return new HmacKeyring(algorithm, secrets.stream().map(s -> s.getBytes(UTF_8)).toList());
  }

  /**
   * Whether the MAC of {@code head ‖ body ‖ tail} under any key equals any of {@code presented}.
   * Each key's MAC is computed once however many signatures are presented; signatures of the wrong
   * length (public knowledge) are skipped before any MAC is computed.
   */
  boolean matchesAny(byte[] head, byte[] body, byte[] tail, List<byte[]> presented) {
    boolean plausible = false;
    for (byte[] signature : presented) {
      plausible |= signature.length == macLength;
    }
    if (!plausible) {
      return false;
    }
    for (Mac mac : macs.get()) {
      byte[] expected = mac(mac, head, body, tail);
      for (byte[] signature : presented) {
        if (MessageDigest.isEqual(expected, signature)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@link #matchesAny} for a single presented signature (no list: it runs on every request). */
  boolean matches(byte[] head, byte[] body, byte[] tail, byte[] signature) {
    if (signature.length != macLength) {
      return false;
    }
    for (Mac mac : macs.get()) {
      if (MessageDigest.isEqual(mac(mac, head, body, tail), signature)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The bytes of {@code parts} joined, one byte per char: header text holds the wire bytes one char
   * each (ISO-8859-1), so this recovers what the sender signed, without building a string first.
   */
  static byte[] latin1(String... parts) {
    int length = 0;
    for (String part : parts) {
      length += part.length();
    }
    byte[] bytes = new byte[length];
    int at = 0;
    for (String part : parts) {
      part.getBytes(0, part.length(), bytes, at); // deprecated for its lossiness, wanted here
      at += part.length();
    }
    return bytes;
  }

  private static byte[] mac(Mac mac, byte[] head, byte[] body, byte[] tail) {
    update(mac, head);
    update(mac, body);
    update(mac, tail);
    return mac.doFinal();
  }

  private static void update(Mac mac, byte[] bytes) {
    if (bytes.length > 0) {
      mac.update(bytes);
    }
  }

  private Mac[] newMacs() {
    Mac[] created = new Mac[keys.size()];
    try {
      for (int i = 0; i < created.length; i++) {
        created[i] = Mac.getInstance(algorithm);
        created[i].init(keys.get(i));
      }
    } catch (GeneralSecurityException e) {
      // Message names only the algorithm: key material never goes into exceptions or logs.
      throw new IllegalStateException("cannot use " + algorithm, e);
    }
    return created;
  }
}
