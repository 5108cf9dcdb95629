package io.hookgate.http;

import io.hookgate.intake.Outcome;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What is wrong with a request head, as far as its framing goes. Netty's decoder already refuses
 * most request-smuggling shapes (both Transfer-Encoding and Content-Length, differing or repeated
 * Content-Length, a last coding other than chunked, bad chunk lines, control characters in headers)
 * by failing the decoder result; this adds the checks it leaves to the application.
 */
final class HeadCheck {
  private HeadCheck() {}

  /** The refusal a head's framing earns, or null when it is sound. */
  static Outcome framing(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      if (cause instanceof TooLongHttpLineException) {
        return Outcome.URI_TOO_LONG;
      }
      if (cause instanceof TooLongHttpHeaderException) {
        return Outcome.HEADERS_TOO_LARGE;
      }
      return Outcome.BAD_REQUEST;
    }
    // RFC 9112 §3.2: exactly one Host in HTTP/1.1, never more than one in any version.
    int hosts = request.headers().getAll(HttpHeaderNames.HOST).size();
    if (hosts > 1 || (hosts == 0 && HttpVersion.HTTP_1_1.equals(request.protocolVersion()))) {
      return Outcome.BAD_REQUEST;
    }
    List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    // Netty checks that chunked comes last; any coding before it (gzip, identity, unknown ones)
    // would be left undone, and a body we cannot decode exactly is one we do not frame.
    if (!codings.isEmpty()
        && !(codings.size() == 1
            && HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(0).trim()))) {
      return Outcome.BAD_REQUEST;
    }
    return null;
  }

  /**
   * Whether an {@code Expect} header asks for anything but {@code 100-continue} (HTTP/1.0
   * expectations are ignored, as RFC 9110 §10.1.1 says).
   */
  static boolean hasUnsupportedExpectation(HttpRequest request) {
    List<String> expectations = request.headers().getAll(HttpHeaderNames.EXPECT);
    if (expectations.isEmpty() || HttpVersion.HTTP_1_0.equals(request.protocolVersion())) {
      return false;
    }
    return expectations.size() > 1
        || !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expectations.get(0).trim());
  }

  /**
   * The codings a body was compressed with, in order, lower case and comma-separated across every
   * Content-Encoding line, identity left out: {@code ""} for a body sent as is, {@code "gzip"} for
   * one coding, {@code "gzip, gzip"} for stacked ones.
   */
  static String contentCodings(HttpRequest request) {
    if (!request.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
      return ""; // Nearly every request: no list and no joiner for it.
    }
    StringJoiner codings = new StringJoiner(", ");
    for (String value : request.headers().getAll(HttpHeaderNames.CONTENT_ENCODING)) {
      for (String coding : value.split(",", -1)) {
        String trimmed = coding.trim();
        if (!trimmed.isEmpty() && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(trimmed)) {
          codings.add(trimmed.toLowerCase(Locale.ROOT));
        }
      }
    }
    return codings.toString();
  }

  /** Whether a body follows the head (or would, after {@code 100 Continue}). */
  static boolean hasBody(HttpRequest request) {
    return HttpUtil.isTransferEncodingChunked(request)
        || HttpUtil.getContentLength(request, 0L) > 0
        || request.headers().contains(HttpHeaderNames.EXPECT);
  }
}
