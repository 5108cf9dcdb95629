package io.hookgate.intake;

/**
 * Every way a request can end, each with its HTTP status and the {@code outcome} tag used in
 * responses, metrics and the access log. Expected outcomes are values, not exceptions.
 */
public enum Outcome {
  ACCEPTED(202, "accepted"),
  DUPLICATE(200, "duplicate"),
  /** No route matched and the source says {@code unmatched: ignore}; nothing was published. */
  IGNORED(200, "ignored"),
  BAD_REQUEST(400, "bad_request"),
  UNAUTHORIZED(401, "unauthorized"),
  STALE(401, "stale"),
  FORBIDDEN(403, "forbidden"),
  NOT_FOUND(404, "not_found"),
  METHOD_NOT_ALLOWED(405, "method_not_allowed"),
  /** The request was not complete within {@code server.request-timeout} of its first byte. */
  REQUEST_TIMEOUT(408, "request_timeout"),
  TOO_LARGE(413, "too_large"),
  /** The request line is longer than {@code server.max-request-line}. */
  URI_TOO_LONG(414, "uri_too_long"),
  /**
   * A {@code Content-Encoding} the source's {@code accept-encoding} does not list, or more than one
   * coding.
   */
  UNSUPPORTED_ENCODING(415, "unsupported_encoding"),
  /** An {@code Expect} header other than {@code 100-continue}. */
  EXPECTATION_FAILED(417, "expectation_failed"),
  /** No route matched and the source says {@code unmatched: reject}; nothing was published. */
  UNMATCHED(422, "unmatched"),
  /** The source's rate limit is spent; {@code Retry-After} says when a token is back. */
  RATE_LIMITED(429, "rate_limited"),
  /** The header section is larger than {@code server.max-header-size}. */
  HEADERS_TOO_LARGE(431, "headers_too_large"),
  ERROR(500, "error"),
  UNAVAILABLE(503, "unavailable"),
  /**
   * Too many request bytes are already waiting for the broker ({@code server.max-buffered-bytes}).
   */
  OVERLOADED(503, "overloaded");

  private final int status;
  private final String tag;

  Outcome(int status, String tag) {
    this.status = status;
    this.tag = tag;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The lower-case name used in response bodies and as the metric tag. */
  public String tag() {
    return tag;
  }

  /** Whether the sender should retry later: 429 and 503 carry {@code Retry-After}. */
  public boolean retryLater() {
    return status == 429 || status == 503;
  }

  /** Whether the sender should consider the event delivered. */
  public boolean delivered() {
    return status < 300;
  }
}
