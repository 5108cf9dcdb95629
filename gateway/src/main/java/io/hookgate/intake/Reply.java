package io.hookgate.intake;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's answer to one webhook.
 *
 * @param outcome what happened
 * @param eventId the event id the request carried, or {@code null} if none was found or the request
 *     was refused before it was looked for
 * @param retryAfterSeconds the {@code Retry-After} of a 429 or 503; 0 for the default
 */
public record Reply(Outcome outcome, String eventId, long retryAfterSeconds) {
  public Reply {
    requireNonNull(outcome, "outcome");
  }

  /** A reply with the default {@code Retry-After}, if any. */
  public Reply(Outcome outcome, String eventId) {
    this(outcome, eventId, 0);
  }

  /** A reply that carries no event id. */
  public static Reply of(Outcome outcome) {
    return new Reply(outcome, null);
  }
}
