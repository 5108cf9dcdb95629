package io.hookgate;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client address behind proxies, through the real gateway: X-Forwarded-For believed only from
 * trusted proxies, and the PROXY protocol (v1 and v2) as the only source of truth when enabled. The
 * source admits only 203.0.113.0/24, so the answer shows which address the gateway used.
 */
class ClientAddressEndToEndTest {
  private static final String SECRET = "s3cret";
  private static final String ALLOWED = "203.0.113.7";
  private static final String DENIED = "198.51.100.9";

  private TestBroker broker;
  private GatewayRunner gateway;

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    broker.close();
  }

  private void start(String serverExtras) throws Exception {
    broker = TestBroker.withBoundQueue();
    String yaml =
        """
        server:
          listen: "127.0.0.1:0"
          %s
        admin: {listen: "127.0.0.1:0"}
        broker: {urls: ["%s"]}
        sources:
          github:
            path: /github
            allow: [203.0.113.0/24]
            verify: {scheme: github, secrets: ["${SECRET}"]}
            publish: {exchange: %s, routing-key: github}
        """
            .formatted(serverExtras, TestBroker.URI, broker.exchange);
    gateway = GatewayRunner.start(yaml, Map.of("SECRET", SECRET));
    await().until(() -> gateway.admin("/readyz").statusCode() == 200);
  }

  private static String request(String id, String extraHeaders) throws Exception {
    String body = "{\"id\":\"" + id + "\"}";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    return "POST /github HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n"
        + "X-GitHub-Delivery: "
        + id
        + "\r\nX-Hub-Signature-256: sha256="
        + signature
        + "\r\n"
        + extraHeaders
        + "Content-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  /** Sends raw bytes and returns everything the gateway wrote before closing. */
  private String exchange(byte[]... parts) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
      OutputStream out = socket.getOutputStream();
      for (byte[] part : parts) {
        out.write(part);
      }
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      return answer.toString(US_ASCII);
    }
  }

  @Test
  void forwardedForFromTrustedProxyNamesTheClient() throws Exception {
    start("trusted-proxies: [127.0.0.1/32, 10.0.0.0/8]");

    assertThat(
            exchange(
                request("xff-1", "X-Forwarded-For: " + ALLOWED + ", 10.1.1.1\r\n")
                    .getBytes(US_ASCII)))
        .startsWith("HTTP/1.1 202");
    assertThat(exchange(request("xff-2", "X-Forwarded-For: " + DENIED + "\r\n").getBytes(US_ASCII)))
        .startsWith("HTTP/1.1 403");
    // A spoofed left-most entry does not help: the first untrusted hop from the right counts.
    assertThat(
            exchange(
                request("xff-3", "X-Forwarded-For: " + ALLOWED + ", " + DENIED + "\r\n")
                    .getBytes(US_ASCII)))
        .startsWith("HTTP/1.1 403");
    assertThat(broker.drain(1))
        .extracting(m -> m.getProps().getMessageId())
        .containsExactly("xff-1");
  }

  @Test
  void forwardedForFromUntrustedPeerIsIgnored() throws Exception {
    start("trusted-proxies: [10.0.0.0/8]");

    assertThat(
            exchange(request("xff-4", "X-Forwarded-For: " + ALLOWED + "\r\n").getBytes(US_ASCII)))
        .startsWith("HTTP/1.1 403");
  }

  @Test
  void proxyProtocolV1HeaderNamesTheClient() throws Exception {
    start("proxy-protocol: true");

    String allowed = "PROXY TCP4 " + ALLOWED + " 127.0.0.1 40000 8080\r\n";
    String denied = "PROXY TCP4 " + DENIED + " 127.0.0.1 40000 8080\r\n";
    assertThat(exchange(allowed.getBytes(US_ASCII), request("pp-1", "").getBytes(US_ASCII)))
        .startsWith("HTTP/1.1 202");
    assertThat(exchange(denied.getBytes(US_ASCII), request("pp-2", "").getBytes(US_ASCII)))
        .startsWith("HTTP/1.1 403");
    assertThat(broker.drain(1))
        .extracting(m -> m.getProps().getMessageId())
        .containsExactly("pp-1");
  }

  @Test
  void proxyProtocolV2HeaderNamesTheClient() throws Exception {
    start("proxy-protocol: true");

    assertThat(
            exchange(
                proxyV2(new byte[] {(byte) 203, 0, 113, 7}),
                request("pp-3", "").getBytes(US_ASCII)))
        .startsWith("HTTP/1.1 202");
    assertThat(
            exchange(
                proxyV2(new byte[] {(byte) 198, 51, 100, 9}),
                request("pp-4", "").getBytes(US_ASCII)))
        .startsWith("HTTP/1.1 403");
  }

  @Test
  void connectionWithoutProxyHeaderIsClosedUnanswered() throws Exception {
    start("proxy-protocol: true");

    assertThat(exchange(request("pp-5", "X-Forwarded-For: " + ALLOWED + "\r\n").getBytes(US_ASCII)))
        .isEmpty();
    assertThat(
            exchange(
                "PROXY TCP4 nonsense\r\n".getBytes(US_ASCII),
                request("pp-6", "").getBytes(US_ASCII)))
        .isEmpty();
    assertThat(broker.drain(0)).isEmpty();
  }

  /** A PROXY v2 header for a TCP over IPv4 connection from {@code source} to 127.0.0.1. */
  private static byte[] proxyV2(byte[] source) {
    ByteBuffer header = ByteBuffer.allocate(16 + 12);
    header.put(HexFormat.of().parseHex("0d0a0d0a000d0a515549540a"));
    header.put((byte) 0x21); // version 2, command PROXY
    header.put((byte) 0x11); // AF_INET, STREAM
    header.putShort((short) 12);
    header.put(source);
    header.put(new byte[] {127, 0, 0, 1});
    header.putShort((short) 40000);
    header.putShort((short) 8080);
    return header.array();
  }
}
