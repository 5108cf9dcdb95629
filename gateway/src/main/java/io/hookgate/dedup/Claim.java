package io.hookgate.dedup;

import java.util.concurrent.CompletionStage;

/** The answer to {@link Deduplicator#claim}: publish, answer as a duplicate, or wait. */
public sealed interface Claim permits Claim.Owned, Claim.Done, Claim.Waiting {

  /** The id was confirmed before: answer 200 and publish nothing. */
  Claim DONE = new Done();

  /** This copy owns the id and must publish, then commit or release. */
  non-sealed interface Owned extends Claim {}

  /** The id was already confirmed. */
  final class Done implements Claim {
    private Done() {}
  }

  /**
   * Another copy is publishing the id; {@code outcome} completes with {@code true} once it is
   * confirmed and {@code false} when it failed.
   */
  record Waiting(CompletionStage<Boolean> outcome) implements Claim {}
}
