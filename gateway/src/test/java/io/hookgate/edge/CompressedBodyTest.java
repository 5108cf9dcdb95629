package io.hookgate.edge;

import static io.hookgate.edge.EdgeGateway.GITHUB;
import static io.hookgate.edge.EdgeGateway.INFLATING;
import static io.hookgate.edge.EdgeGateway.SIGNER;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.testing.RawConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compressed request bodies over real sockets: inflated, verified and published as the sender
 * signed them for a source that lists the coding in {@code accept-encoding}, and refused with a
 * clear status otherwise (415 unaccepted, 413 inflating past max-body, 400 corrupt), publishing
 * nothing. Bodies are signed over the inflated bytes, as an in-house sender signs the JSON it
 * makes.
 */
class CompressedBodyTest {
  private static final String BODY = "{\"compressed\":\"" + "x".repeat(2000) + "\"}";

  @RegisterExtension
  static final EdgeGateway edge = EdgeGateway.forClassPublishingNothing("  max-body: 64KiB");

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream deflate = new DeflaterOutputStream(out)) {
      deflate.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] compress(String coding, byte[] bytes) throws IOException {
    return coding.equals("gzip") ? gzip(bytes) : deflate(bytes);
  }

  /** A head for {@code wire} bytes in {@code codings}, signed over {@code signed}. */
  private static String head(String path, String id, String signed, String codings, int wire) {
    return SIGNER.head(
        path, id, signed, "Content-Encoding: " + codings + "\r\nContent-Length: " + wire + "\r\n");
  }

  /** The bytes as a string that {@link RawConnection#send} writes back byte for byte. */
  private static String raw(byte[] bytes) {
    return new String(bytes, ISO_8859_1);
  }

  private static void assertRefusedAndClosed(String raw, int status) throws Exception {
    try (RawConnection connection = edge.connect()) {
      connection.send(raw);
      assertThat(connection.readResponse())
          .startsWith("HTTP/1.1 " + status + " ")
          .contains("connection: close");
      assertThat(connection.isClosedByServer()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate"})
  void acceptedCodingIsInflatedVerifiedOverTheInflatedBodyAndPublishedInflated(String coding)
      throws Exception {
    byte[] compressed = compress(coding, BODY.getBytes(UTF_8));
    String id = "inflated-" + coding;
    try (RawConnection connection = edge.connect()) {
      connection.send(head(INFLATING, id, BODY, coding, compressed.length) + raw(compressed));
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 202 ").contains(id);
    }
    var messages = edge.broker.drain(1);
    assertThat(messages).extracting(m -> m.getProps().getMessageId()).containsExactly(id);
    assertThat(new String(messages.get(0).getBody(), UTF_8)).isEqualTo(BODY);
  }

  @Test
  void chunkedGzipBodyIsInflatedAcrossChunks() throws Exception {
    byte[] compressed = gzip(BODY.getBytes(UTF_8));
    StringBuilder chunks = new StringBuilder();
    for (int from = 0; from < compressed.length; from += 7) {
      byte[] chunk = Arrays.copyOfRange(compressed, from, Math.min(compressed.length, from + 7));
      chunks.append(Integer.toHexString(chunk.length)).append("\r\n");
      chunks.append(raw(chunk)).append("\r\n");
    }
    String head =
        SIGNER.head(
            INFLATING,
            "inflated-chunked",
            BODY,
            "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n");
    try (RawConnection connection = edge.connect()) {
      connection.send(head + chunks + "0\r\n\r\n");
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 202 ");
    }
    assertThat(edge.broker.drain(1))
        .extracting(m -> new String(m.getBody(), UTF_8))
        .containsExactly(BODY);
  }

  @Test
  void signatureOverTheCompressedBytesIs401() throws Exception {
    byte[] compressed = gzip(BODY.getBytes(UTF_8));
    try (RawConnection connection = edge.connect()) {
      connection.send(
          head(INFLATING, "signed-compressed", raw(compressed), "gzip", compressed.length)
              + raw(compressed));
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 401 ");
    }
  }

  @Test
  void compressedBodyForASourceWithoutAcceptEncodingIs415() throws Exception {
    byte[] compressed = gzip(BODY.getBytes(UTF_8));
    assertRefusedAndClosed(
        head(GITHUB, "not-opted", BODY, "gzip", compressed.length) + raw(compressed), 415);
  }

  @Test
  void codingTheSourceDoesNotListIs415() throws Exception {
    assertRefusedAndClosed(head(INFLATING, "brotli", "{}", "br", 2) + "{}", 415);
  }

  @Test
  void stackedCodingsAre415() throws Exception {
    byte[] twice = gzip(gzip(BODY.getBytes(UTF_8)));
    assertRefusedAndClosed(
        head(INFLATING, "gzip-gzip", BODY, "gzip, gzip", twice.length) + raw(twice), 415);
  }

  @Test
  void repeatedContentEncodingHeadersAre415() throws Exception {
    byte[] twice = gzip(gzip(BODY.getBytes(UTF_8)));
    assertRefusedAndClosed(
        head(INFLATING, "gzip-lines", BODY, "gzip\r\nContent-Encoding: gzip", twice.length)
            + raw(twice),
        415);
  }

  @Test
  void zipBombIs413WithinItsFirstPiece() throws Exception {
    // 50 MiB of zeros are about 50 KiB compressed, under max-body; the first 16 KiB sent already
    // inflate far past it, and the answer comes without the rest of the body.
    byte[] bomb = gzip(new byte[50 << 20]);
    assertThat(bomb.length).isLessThan(64 << 10);
    String head = head(INFLATING, "bomb", "{}", "gzip", bomb.length);
    assertRefusedAndClosed(head + raw(Arrays.copyOf(bomb, 16 << 10)), 413);
  }

  @Test
  void bodyInflatingPastTheLimitPieceByPieceIs413() throws Exception {
    // Random hex compresses about two to one: each piece inflates well under max-body, the whole
    // body (96 KiB inflated, some 50 KiB compressed) past it.
    byte[] random = new byte[48 << 10];
    new Random(7).nextBytes(random);
    byte[] compressed = gzip(HexFormat.of().formatHex(random).getBytes(UTF_8));
    assertThat(compressed.length).isLessThan(64 << 10);
    assertRefusedAndClosed(
        head(INFLATING, "too-large", "{}", "gzip", compressed.length) + raw(compressed), 413);
  }

  @Test
  void corruptStreamIs400AndNothingPipelinedBehindItIsPublished() throws Exception {
    byte[] corrupt = gzip(BODY.getBytes(UTF_8));
    Arrays.fill(corrupt, 10, 40, (byte) 0xff);
    assertRefusedAndClosed(
        head(INFLATING, "corrupt", BODY, "gzip", corrupt.length)
            + raw(corrupt)
            + EdgeGateway.signed(GITHUB, "behind-corrupt", "{}"),
        400);
  }

  @Test
  void streamCutShortIs400() throws Exception {
    byte[] compressed = gzip(BODY.getBytes(UTF_8));
    byte[] cut = Arrays.copyOf(compressed, compressed.length - 8); // without the gzip trailer
    assertRefusedAndClosed(head(INFLATING, "cut", BODY, "gzip", cut.length) + raw(cut), 400);
  }

  @Test
  void bytesAfterTheStreamAre400() throws Exception {
    String after = raw(gzip(BODY.getBytes(UTF_8))) + "{}";
    assertRefusedAndClosed(head(INFLATING, "after", BODY, "gzip", after.length()) + after, 400);
  }

  @Test
  void emptyBodyWithACodingIs400() throws Exception {
    assertRefusedAndClosed(head(INFLATING, "empty", "", "gzip", 0), 400);
  }
}
