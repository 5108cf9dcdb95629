package io.hookgate.edge;

import static io.hookgate.edge.EdgeGateway.GITHUB;
import static io.hookgate.edge.EdgeGateway.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.testing.RawConnection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A corpus of malformed and hostile requests, each sent as raw bytes over a real socket to a real
 * gateway. Every one is correctly signed where a signature applies, so a refusal can only come from
 * the framing or limit under test; each is answered with its status and the connection closed, and
 * afterwards the queue holds only a well-formed request sent after it. Where a rule refuses only
 * some of a kind (chunk extensions), the kind it lets through is shown accepted beside it.
 */
class HostileRequestTest {
  @RegisterExtension
  static final EdgeGateway edge =
      EdgeGateway.forClassPublishingNothing(
          """
              max-body: 64KiB
              max-request-line: 1KiB
              max-header-size: 4KiB
            """);

  /** Sends {@code raw}, expects {@code status} with Connection: close, then the close itself. */
  private static String assertRefusedAndClosed(String raw, int status) throws Exception {
    try (RawConnection connection = edge.connect()) {
      connection.send(raw);
      String response = connection.readResponse();
      assertThat(response).startsWith("HTTP/1.1 " + status + " ").contains("connection: close");
      assertThat(connection.isClosedByServer()).isTrue();
      return response;
    }
  }

  private static String signedHead(String id, String body, String framing) {
    return SIGNER.head(GITHUB, id, body, framing);
  }

  @Test
  void requestLineOverTheLimitIs414() throws Exception {
    assertRefusedAndClosed(
        "POST " + GITHUB + "?" + "a".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
  }

  @Test
  void headerSectionOverTheLimitIs431() throws Exception {
    String body = "{}";
    assertRefusedAndClosed(
        signedHead("big-head", body, "X-Padding: " + "p".repeat(5000) + "\r\n") + body, 431);
  }

  @Test
  void declaredBodyOverTheServerLimitIs413AndNotRead() throws Exception {
    // Only the head and a few bytes are sent: the answer comes without waiting for the rest.
    assertRefusedAndClosed(signedHead("huge", "", "Content-Length: 100000\r\n") + "{\"a\":", 413);
  }

  @Test
  void declaredBodyOverTheSourceLimitIs413() throws Exception {
    String body = "{\"more\":\"than sixteen bytes\"}";
    assertRefusedAndClosed(SIGNER.head(EdgeGateway.SMALL, "small-1", body, "") + body, 413);
  }

  @Test
  void chunkedBodyGrowingPastTheSourceLimitIs413() throws Exception {
    String chunk = "{\"x\":\"0123456789\"}";
    String head =
        SIGNER.head(EdgeGateway.SMALL, "small-2", chunk, "Transfer-Encoding: chunked\r\n");
    assertRefusedAndClosed(
        head + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n", 413);
  }

  @Test
  void transferEncodingWithContentLengthIs400() throws Exception {
    String body = "2\r\n{}\r\n0\r\n\r\n";
    assertRefusedAndClosed(
        signedHead("te-cl", "{}", "Transfer-Encoding: chunked\r\nContent-Length: 12\r\n") + body,
        400);
  }

  @Test
  void differingContentLengthsAre400() throws Exception {
    assertRefusedAndClosed(
        signedHead("cl-cl", "{}", "Content-Length: 2\r\nContent-Length: 3\r\n") + "{} ", 400);
  }

  @Test
  void repeatedEqualContentLengthsAre400() throws Exception {
    assertRefusedAndClosed(
        signedHead("cl-twice", "{}", "Content-Length: 2\r\nContent-Length: 2\r\n") + "{}", 400);
  }

  @Test
  void contentLengthListIs400() throws Exception {
    assertRefusedAndClosed(signedHead("cl-list", "{}", "Content-Length: 2, 2\r\n") + "{}", 400);
  }

  @Test
  void signedContentLengthIs400() throws Exception {
    assertRefusedAndClosed(signedHead("cl-plus", "{}", "Content-Length: +2\r\n") + "{}", 400);
  }

  @Test
  void transferEncodingNotEndingInChunkedIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("te-last", "{}", "Transfer-Encoding: chunked, gzip\r\n") + "{}", 400);
  }

  @Test
  void codingBeforeChunkedIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("te-gzip", "{}", "Transfer-Encoding: gzip, chunked\r\n")
            + "2\r\n{}\r\n0\r\n\r\n",
        400);
  }

  @Test
  void unknownTransferCodingIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("te-unknown", "{}", "Transfer-Encoding: xchunked\r\n") + "{}", 400);
  }

  @Test
  void repeatedTransferEncodingHeadersAre400() throws Exception {
    assertRefusedAndClosed(
        signedHead(
                "te-twice", "{}", "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n")
            + "2\r\n{}\r\n0\r\n\r\n",
        400);
  }

  @Test
  void transferEncodingOnHttp10Is400() throws Exception {
    String head =
        signedHead("te-10", "{}", "Transfer-Encoding: chunked\r\n")
            .replace(" HTTP/1.1\r\n", " HTTP/1.0\r\n");
    assertRefusedAndClosed(head + "2\r\n{}\r\n0\r\n\r\n", 400);
  }

  @Test
  void nonHexChunkSizeIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("chunk-zz", "{}", "Transfer-Encoding: chunked\r\n") + "zz\r\n{}\r\n0\r\n\r\n",
        400);
  }

  @Test
  void overflowingChunkSizeIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("chunk-big", "{}", "Transfer-Encoding: chunked\r\n")
            + "fffffffffffffffff\r\n{}\r\n0\r\n\r\n",
        400);
  }

  @Test
  void negativeChunkSizeIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("chunk-neg", "{}", "Transfer-Encoding: chunked\r\n") + "-2\r\n{}\r\n0\r\n\r\n",
        400);
  }

  @Test
  void bareLineFeedInChunkSizeLineIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("chunk-lf", "{}", "Transfer-Encoding: chunked\r\n") + "2\n{}\r\n0\r\n\r\n", 400);
  }

  @Test
  void chunkDataNotEndedByCrlfIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("chunk-end", "{}", "Transfer-Encoding: chunked\r\n") + "2\r\n{}XX0\r\n\r\n",
        400);
  }

  @Test
  void quotedChunkExtensionHidingALineBreakIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("chunk-quote", "{}", "Transfer-Encoding: chunked\r\n")
            + "2;a=\"x\r\n{}\"\r\n{}\r\n0\r\n\r\n",
        400);
  }

  @Test
  void unterminatedQuotedChunkExtensionIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("chunk-open", "{}", "Transfer-Encoding: chunked\r\n")
            + "2;a=\"x\r\n{}\r\n0\r\n\r\n",
        400);
  }

  @Test
  void quotedChunkExtensionIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("chunk-quoted", "{}", "Transfer-Encoding: chunked\r\n")
            + "2;name=\"va;lue\"\r\n{}\r\n0\r\n\r\n",
        400);
  }

  @Test
  void quotedExtensionOnALaterChunkIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("chunk-quoted-later", "{}", "Transfer-Encoding: chunked\r\n")
            + "1\r\n{\r\n1;a=\"b\"\r\n}\r\n0\r\n\r\n",
        400);
  }

  @Test
  void quotedExtensionOnTheLastChunkIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("chunk-quoted-last", "{}", "Transfer-Encoding: chunked\r\n")
            + "2\r\n{}\r\n0;a=\"b\"\r\n\r\n",
        400);
  }

  @Test
  void unquotedChunkExtensionsAreIgnored() throws Exception {
    // Quotes in the chunk data and in a trailer are no chunk extension: only chunk lines count.
    String body = "{\"a\":\"b\"}";
    try (RawConnection connection = edge.connect()) {
      connection.send(
          signedHead("chunk-token-ext", body, "Transfer-Encoding: chunked\r\n")
              + "4;foo=bar\r\n{\"a\"\r\n5 ; baz\r\n:\"b\"}\r\n0;end=1\r\nX-Note: \"q\"\r\n\r\n");
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 202 ");
    }
    assertThat(edge.broker.drain(1))
        .extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
        .containsExactly(body);
  }

  @Test
  void controlCharacterInHeaderValueIs400() throws Exception {
    assertRefusedAndClosed(signedHead("ctl", "{}", "X-Note: a\u0001b\r\n") + "{}", 400);
  }

  @Test
  void nulInHeaderNameIs400() throws Exception {
    assertRefusedAndClosed(signedHead("nul", "{}", "X-No\u0000te: a\r\n") + "{}", 400);
  }

  @Test
  void whitespaceBeforeColonIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("ws-colon", "{}", "Transfer-Encoding : chunked\r\n") + "2\r\n{}\r\n0\r\n\r\n",
        400);
  }

  @Test
  void obsoleteLineFoldingIs400() throws Exception {
    assertRefusedAndClosed(signedHead("fold", "{}", "X-Note: a\r\n folded\r\n") + "{}", 400);
  }

  @Test
  void foldedTransferEncodingIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("fold-te", "{}", "X-Note: a\r\n\tTransfer-Encoding: chunked\r\n") + "{}", 400);
  }

  @Test
  void bareLineFeedBetweenHeadersIs400() throws Exception {
    assertRefusedAndClosed(signedHead("lf", "{}", "X-Note: a\nX-Other: b\r\n") + "{}", 400);
  }

  @Test
  void http11WithoutHostIs400() throws Exception {
    assertRefusedAndClosed(
        signedHead("no-host", "{}", "").replace("Host: hookgate.test\r\n", "") + "{}", 400);
  }

  @Test
  void twoHostHeadersAre400() throws Exception {
    assertRefusedAndClosed(signedHead("two-hosts", "{}", "Host: other.test\r\n") + "{}", 400);
  }

  @Test
  void garbageRequestLineIs400() throws Exception {
    assertRefusedAndClosed("HELLO\r\n\r\n", 400);
  }

  @Test
  void compressedBodyIs415() throws Exception {
    assertRefusedAndClosed(signedHead("gzip", "{}", "Content-Encoding: gzip\r\n") + "{}", 415);
  }

  @Test
  void unsupportedExpectationIs417() throws Exception {
    assertRefusedAndClosed(signedHead("expect", "{}", "Expect: 200-ok\r\n") + "{}", 417);
  }

  @Test
  void headIsRefusedAndTheConnectionClosed() throws Exception {
    String response =
        assertRefusedAndClosed("HEAD " + GITHUB + " HTTP/1.1\r\nHost: x\r\n\r\n", 405);
    assertThat(response).contains("allow: POST");
  }
}
