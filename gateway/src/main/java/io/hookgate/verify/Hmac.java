package io.hookgate.verify;

import static java.util.Objects.requireNonNull;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;

/**
 * HMAC (RFC 2104) under one key, {@code H((K ^ opad) ‖ H((K ^ ipad) ‖ text))}, started from the
 * hash states after the two key blocks. Those are hashed once, here, and every MAC begins from
 * copies of them, as OpenSSL's and Go's HMAC do; {@link javax.crypto.Mac} hashes both key blocks
 * again for every MAC, which at a 1 KiB body is two of its twenty SHA-256 blocks. The hashing is
 * the JDK's {@link MessageDigest} (with its SHA intrinsics); only the construction around it is
 * here, and HmacTest holds it to {@code Mac} byte for byte. {@link #compute} is not thread-safe:
 * each thread computes with its own {@link #copy()}, which any thread may call.
 */
final class Hmac {
  /** The JCA names of the HMACs we verify, and the hash and its block length in bytes. */
  private static final Map<String, Hash> HASHES =
      Map.of(
          "HmacSHA1", new Hash("SHA-1", 64),
          "HmacSHA256", new Hash("SHA-256", 64),
          "HmacSHA512", new Hash("SHA-512", 128));

  private record Hash(String name, int blockLength) {}

  private final MessageDigest innerStart;
  private final MessageDigest outerStart;
  private final byte[] innerHash;

  /**
   * @param algorithm {@code HmacSHA1}, {@code HmacSHA256} or {@code HmacSHA512}
   * @param key the raw key, not empty; not kept (only the two hash states are)
   * @throws IllegalArgumentException for another algorithm or an empty key
   * @throws NullPointerException for a null algorithm or key
   */
  Hmac(String algorithm, byte[] key) {
    requireNonNull(key, "key");
    Hash hash = HASHES.get(requireNonNull(algorithm, "algorithm"));
    if (hash == null) {
      throw new IllegalArgumentException("unsupported HMAC algorithm " + algorithm);
    }
    if (key.length == 0) {
      throw new IllegalArgumentException("empty HMAC key");
    }
    MessageDigest digest = digest(hash.name());
    // A key longer than a block is replaced by its hash; either way it is zero-padded to a block.
    byte[] hashed = key.length > hash.blockLength() ? digest.digest(key) : null;
    byte[] block = Arrays.copyOf(hashed != null ? hashed : key, hash.blockLength());
    byte[] pad = new byte[block.length];
    for (int i = 0; i < block.length; i++) {
      pad[i] = (byte) (block[i] ^ 0x36);
    }
    innerStart = stateAfter(digest, pad);
    for (int i = 0; i < block.length; i++) {
      pad[i] = (byte) (block[i] ^ 0x5c);
    }
    outerStart = stateAfter(digest, pad);
    for (byte[] secret : new byte[][] {hashed, block, pad}) {
      if (secret != null) {
        Arrays.fill(secret, (byte) 0);
      }
    }
    innerHash = new byte[innerStart.getDigestLength()];
  }

  private Hmac(MessageDigest innerStart, MessageDigest outerStart, int length) {
    this.innerStart = innerStart;
    this.outerStart = outerStart;
    this.innerHash = new byte[length];
  }

  /**
   * An {@code Hmac} of the same key for another thread, from copies of the two hash states.
   * Synchronized: a provider's {@code clone} may use the original's state in ways that are not
   * thread-safe (a PKCS#11 session), and this runs once per thread and key.
   */
  synchronized Hmac copy() {
    return new Hmac(clone(innerStart), clone(outerStart), innerHash.length);
  }

  /** The MAC's length in bytes. */
  int length() {
    return innerHash.length;
  }

  /**
   * Writes into {@code out} (of {@link #length()}) the MAC of {@code text[0, headLength) ‖ body ‖
   * text[headLength, textLength)}, the body read in place.
   */
  void compute(byte[] text, int headLength, byte[] body, int textLength, byte[] out) {
    MessageDigest inner = clone(innerStart);
    inner.update(text, 0, headLength);
    inner.update(body);
    inner.update(text, headLength, textLength - headLength);
    MessageDigest outer = clone(outerStart);
    try {
      inner.digest(innerHash, 0, innerHash.length);
      outer.update(innerHash);
      outer.digest(out, 0, out.length);
    } catch (DigestException e) {
      // Only for an out shorter than length(): a caller's bug.
      throw new IllegalStateException("HMAC failed", e);
    }
  }

  /**
   * A copy of {@code digest}'s state after {@code block}, which is then reset: hashing a block in
   * Java leaves the block in the digest's working array, and the copy does not take that array.
   */
  private static MessageDigest stateAfter(MessageDigest digest, byte[] block) {
    digest.update(block);
    MessageDigest state = clone(digest);
    digest.reset();
    return state;
  }

  private static MessageDigest digest(String name) {
    try {
      MessageDigest digest = MessageDigest.getInstance(name);
      clone(digest); // Fails here, at startup, if this JDK's digest cannot be copied.
      return digest;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use " + name, e);
    }
  }

  private static MessageDigest clone(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("cannot copy " + digest.getAlgorithm(), e);
    }
  }
}
