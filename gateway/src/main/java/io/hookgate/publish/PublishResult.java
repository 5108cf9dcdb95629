package io.hookgate.publish;

/** How a publish ended; everything but {@link #ACK} means the sender must retry. */
public enum PublishResult {
  /** Confirmed by the broker and routed to at least one queue. */
  ACK("ack"),
  /** The broker refused it (e.g. a full queue with reject-publish). */
  NACK("nack"),
  /** Returned as unroutable ({@code mandatory}); the broker then acks it, which does not count. */
  RETURNED("returned"),
  /** No confirm within the confirm timeout: indeterminate, the broker may still store it. */
  TIMEOUT("timeout"),
  /** The channel or connection failed under it, or the publish could not be sent. */
  ERROR("error"),
  /** Not attempted: no connection, the broker blocked publishers, or too much in flight. */
  UNAVAILABLE("unavailable");

  private final String tag;

  PublishResult(String tag) {
    this.tag = tag;
  }

  /** The value of the {@code result} metric tag. */
  public String tag() {
    return tag;
  }
}
