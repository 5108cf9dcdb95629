package io.hookgate.edge;

import static io.hookgate.edge.EdgeGateway.GITHUB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.RawConnection;
import io.hookgate.testing.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTPS on the webhook listener with a certificate generated at test time: TLS 1.2 and 1.3 serve
 * requests, TLS 1.0 and 1.1 are refused in the handshake, plain HTTP is closed, and a replaced
 * certificate is served to new connections without a restart.
 */
class TlsTest {
  @TempDir static Path dir;
  private static Path cert;
  private static Path key;
  private static TestCertificate first;
  private static EdgeGateway edge;

  @BeforeAll
  static void start() throws Exception {
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    first = TestCertificate.selfSigned("first.hookgate.test", "127.0.0.1");
    first.writePem(cert, key);
    edge =
        EdgeGateway.start(
            "  tls: {cert: \"%s\", key: \"%s\", reload-interval: 100ms}".formatted(cert, key));
  }

  @AfterAll
  static void stop() throws Exception {
    edge.close();
  }

  private static SSLSocket handshake(SSLContext context, String protocol) throws Exception {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    socket.connect(new InetSocketAddress("127.0.0.1", edge.port()), 10_000);
    socket.setSoTimeout(20_000);
    socket.setEnabledProtocols(new String[] {protocol});
    socket.startHandshake();
    return socket;
  }

  private static String peerName(SSLSocket socket) throws Exception {
    return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
        .getSubjectX500Principal()
        .getName();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void servesWebhooksOverModernTls(String protocol) throws Exception {
    String id = "tls-" + protocol;
    try (SSLSocket socket = handshake(first.trustingClientContext(), protocol)) {
      assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
      socket
          .getOutputStream()
          .write(EdgeGateway.signed(GITHUB, id, "{}").getBytes(StandardCharsets.ISO_8859_1));
      String response = readSome(socket.getInputStream(), "}");
      assertThat(response).startsWith("HTTP/1.1 202 ").contains(id);
    }
    assertThat(edge.broker.drain(1)).extracting(m -> m.getProps().getMessageId()).containsOnly(id);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0301, 0x0302})
  void refusesTls10And11InTheHandshake(int version) throws Exception {
    // A hand-written ClientHello offering at most TLS 1.0 or 1.1: the JDK's own client would not
    // even send one, so this tests the server alone.
    try (Socket socket = new Socket("127.0.0.1", edge.port())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(clientHello(version));
      byte[] answer = socket.getInputStream().readAllBytes();

      assertThat(answer).hasSizeGreaterThanOrEqualTo(7);
      assertThat(answer[0]).as("record type: alert, not a ServerHello").isEqualTo((byte) 0x15);
      assertThat(answer[6]).as("alert: protocol_version").isEqualTo((byte) 70);
    }
  }

  @Test
  void plainHttpOnTheTlsPortIsClosed() throws Exception {
    try (RawConnection connection = edge.connect()) {
      connection.send(EdgeGateway.signed(GITHUB, "plain", "{}"));
      assertThat(connection.readUntilClosed()).doesNotContain("HTTP/1.1");
    }
  }

  @Test
  void renewedCertificateIsServedToNewConnections() throws Exception {
    TestCertificate renewed = TestCertificate.selfSigned("renewed.hookgate.test", "127.0.0.1");
    try (SSLSocket before = handshake(first.trustingClientContext(), "TLSv1.3")) {
      assertThat(peerName(before)).isEqualTo("CN=first.hookgate.test");

      renewed.writePem(cert, key);

      await()
          .ignoreExceptionsInstanceOf(SSLHandshakeException.class)
          .until(
              () -> {
                try (SSLSocket after = handshake(renewed.trustingClientContext(), "TLSv1.3")) {
                  return peerName(after).equals("CN=renewed.hookgate.test");
                }
              });
      // The connection made before the renewal keeps working with the old certificate.
      before
          .getOutputStream()
          .write(
              EdgeGateway.signed(GITHUB, "before-renewal", "{}")
                  .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readSome(before.getInputStream(), "}")).startsWith("HTTP/1.1 202 ");
    } finally {
      first.writePem(cert, key);
      await()
          .ignoreExceptionsInstanceOf(SSLHandshakeException.class)
          .until(() -> handshake(first.trustingClientContext(), "TLSv1.3").isConnected());
    }
    assertThat(edge.broker.drain(1)).hasSize(1);
  }

  @Test
  void clientTrustingAnotherCertificateFailsTheHandshake() {
    // A client trusting a certificate the server never had fails the handshake: trust is real.
    TestCertificate stranger = TestCertificate.selfSigned("stranger.test", "127.0.0.1");
    assertThatThrownBy(() -> handshake(stranger.trustingClientContext(), "TLSv1.3").close())
        .isInstanceOf(SSLHandshakeException.class);
  }

  /** Reads until {@code end} has been seen at the end of the text read so far. */
  private static String readSome(InputStream in, String end) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      out.write(b);
      if (out.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
        break;
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** A minimal ClientHello record offering {@code version} with two classic cipher suites. */
  private static byte[] clientHello(int version) {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(version >> 8);
    body.write(version & 0xff);
    body.writeBytes(random);
    body.write(0); // no session id
    body.writeBytes(new byte[] {0, 4, (byte) 0xc0, 0x13, 0x00, 0x2f}); // ECDHE-RSA/RSA AES128-SHA
    body.writeBytes(new byte[] {1, 0}); // null compression
    byte[] hello = body.toByteArray();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.writeBytes(new byte[] {0x16, 0x03, 0x01});
    int handshakeLength = hello.length + 4;
    record.write(handshakeLength >> 8);
    record.write(handshakeLength & 0xff);
    record.writeBytes(new byte[] {0x01, 0, (byte) (hello.length >> 8), (byte) hello.length});
    record.writeBytes(hello);
    return record.toByteArray();
  }
}
