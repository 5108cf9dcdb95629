package io.hookgate.route;

/** What happens to an event that none of its source's routes matches; nothing is published. */
public enum Unmatched {
  /** Answered 422 {@code {"status":"unmatched"}}: the sender learns its event went nowhere. */
  REJECT,
  /** Answered 200 {@code {"status":"ignored"}}: the sender stops retrying an unwanted event. */
  IGNORE
}
