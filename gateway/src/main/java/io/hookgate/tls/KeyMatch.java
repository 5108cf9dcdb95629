package io.hookgate.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * Whether a private key belongs to a certificate's public key, shown the way a TLS handshake would
 * need it: bytes signed with the one verify with the other. A renewal that replaced one file of the
 * pair and not yet the other would otherwise load fine and then fail every handshake.
 */
final class KeyMatch {
  private static final byte[] CHALLENGE = "hookgate key check".getBytes(StandardCharsets.US_ASCII);

  private KeyMatch() {}

  /**
   * Whether {@code key} signs what {@code publicKey} verifies.
   *
   * @throws IllegalArgumentException when the certificate's key is neither RSA nor EC, the kinds a
   *     TLS 1.2 and 1.3 server certificate with the modern cipher list can have, or the key cannot
   *     sign at all
   */
  static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm =
        switch (publicKey.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default ->
              throw new IllegalArgumentException(
                  "unsupported certificate key algorithm "
                      + publicKey.getAlgorithm()
                      + " (RSA or EC)");
        };
    try {
      // Read back by the JDK's own key factory, as the key store that serves the pair does: a key
      // another provider parsed (Bouncy Castle, when on the class path) is then one the JDK signs
      // with, and a key of another kind than the certificate's fails here.
      PrivateKey jdkKey =
          KeyFactory.getInstance(publicKey.getAlgorithm())
              .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(jdkKey);
      signer.update(CHALLENGE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(CHALLENGE);
      return verifier.verify(signature);
    } catch (InvalidKeySpecException | InvalidKeyException e) {
      return false;
    } catch (GeneralSecurityException e) {
      // E.g. an RSA key too short to sign with SHA-256: a pair that cannot serve TLS either.
      throw new IllegalArgumentException(
          "the key cannot sign with " + algorithm + ": " + e.getMessage(), e);
    }
  }
}
