package io.hookgate.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.hookgate.intake.Outcome;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Builds the small JSON responses, e.g. {@code {"status":"accepted","id":"evt_1"}}. The only
 * request content ever echoed is the event id, JSON-escaped inside the body, never in a header.
 */
final class Responses {
  /** Seconds a sender should wait before retrying after a 429 or 503. */
  static final String RETRY_AFTER_SECONDS = "1";

  private Responses() {}

  /** The interim {@code 100 Continue} that invites a request's body. */
  static FullHttpResponse continueBody() {
    return new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER);
  }

  static FullHttpResponse of(
      ByteBufAllocator alloc, Outcome outcome, String eventId, boolean close) {
    return of(alloc, outcome, eventId, 0, close);
  }

  /** As above, with {@code Retry-After: retryAfterSeconds} when that is positive. */
  static FullHttpResponse of(
      ByteBufAllocator alloc,
      Outcome outcome,
      String eventId,
      long retryAfterSeconds,
      boolean close) {
    StringBuilder json = new StringBuilder(48).append("{\"status\":\"").append(outcome.tag());
    if (eventId != null) {
      json.append("\",\"id\":\"");
      JsonStringEncoder.getInstance().quoteAsString(eventId, json);
    }
    json.append("\"}");
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(outcome.status()),
            ByteBufUtil.writeUtf8(alloc, json));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    if (outcome.retryLater()) {
      response
          .headers()
          .set(
              HttpHeaderNames.RETRY_AFTER,
              retryAfterSeconds > 0 ? Long.toString(retryAfterSeconds) : RETRY_AFTER_SECONDS);
    } else if (outcome == Outcome.METHOD_NOT_ALLOWED) {
      response.headers().set(HttpHeaderNames.ALLOW, "POST");
    }
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }
}
