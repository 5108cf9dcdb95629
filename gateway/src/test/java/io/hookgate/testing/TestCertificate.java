package io.hookgate.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate made at test time (EC P-256, or RSA 2048), written as PEM files the way
 * an operator would have them, and usable as its own trust anchor by test clients.
 *
 * @param certificate the certificate, which is also its own issuer
 * @param key its private key
 */
public record TestCertificate(X509Certificate certificate, PrivateKey key) {

  /**
   * A certificate for {@code commonName}, valid for the given subject alternative names: each is an
   * IP address when it starts with a digit, else a DNS name.
   */
  public static TestCertificate selfSigned(String commonName, String... names) {
    return generate("EC", commonName, names);
  }

  /** As {@link #selfSigned}, with an RSA key. */
  public static TestCertificate selfSignedRsa(String commonName, String... names) {
    return generate("RSA", commonName, names);
  }

  private static TestCertificate generate(String algorithm, String commonName, String... names) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("EC")) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        generator.initialize(2048);
      }
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + commonName);
      Instant now = Instant.now();
      var builder =
          new JcaX509v3CertificateBuilder(
              subject,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(2))),
              subject,
              pair.getPublic());
      GeneralName[] alternatives = new GeneralName[names.length];
      for (int i = 0; i < names.length; i++) {
        int type =
            Character.isDigit(names[i].charAt(0)) ? GeneralName.iPAddress : GeneralName.dNSName;
        alternatives[i] = new GeneralName(type, names[i]);
      }
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      if (names.length > 0) {
        builder.addExtension(
            Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
      }
      var signer =
          new JcaContentSignerBuilder(algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA")
              .build(pair.getPrivate());
      X509Certificate certificate =
          new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new TestCertificate(certificate, pair.getPrivate());
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This certificate paired with another's key, as a renewal half written leaves them. */
  public TestCertificate withKeyOf(TestCertificate other) {
    return new TestCertificate(certificate, other.key);
  }

  /** Writes the certificate and the unencrypted PKCS#8 key as PEM. */
  public void writePem(Path certFile, Path keyFile) throws IOException {
    try {
      Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
  }

  /** Writes only the certificate as PEM, as a CA file. */
  public void writeCertificatePem(Path file) throws IOException {
    writePem(file, Files.createTempFile("unused-key", ".pem"));
  }

  /** A client context that trusts this certificate and nothing else. */
  public SSLContext trustingClientContext() throws GeneralSecurityException, IOException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("test", certificate);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** A server context presenting this certificate. */
  public SSLContext serverContext() throws GeneralSecurityException, IOException {
    KeyStore identity = KeyStore.getInstance(KeyStore.getDefaultType());
    identity.load(null, null);
    identity.setKeyEntry("test", key, new char[0], new X509Certificate[] {certificate});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(identity, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static String pem(String type, byte[] der) {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
  }
}
