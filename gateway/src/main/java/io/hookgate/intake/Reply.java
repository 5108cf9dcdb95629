package io.hookgate.intake;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's answer to one webhook.
 *
 * @param outcome what happened
 * @param eventId the event id the request carried, or {@code null} if none was found or the request
 *     was refused before it was looked for
 */
public record Reply(Outcome outcome, String eventId) {
  public Reply {
    requireNonNull(outcome, "outcome");
  }

  /** A reply that carries no event id. */
  public static Reply of(Outcome outcome) {
    return new Reply(outcome, null);
  }
}
