package io.hookgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The count shutdown waits on: requests taken in whose answers are not on their way yet. */
class OwedAnswersTest {

  @Test
  void awaitsUntilEveryOpenedRequestIsSettled() throws Exception {
    OwedAnswers owed = new OwedAnswers();
    owed.opened();
    owed.opened();

    CompletableFuture<Boolean> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return owed.awaitNone(Duration.ofMinutes(1));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    owed.settled();
    assertThat(owed.owed()).isEqualTo(1);
    assertThat(waiting).isNotDone();
    owed.settled();

    assertThat(waiting.get()).isTrue();
    assertThat(owed.owed()).isZero();
  }

  @Test
  void givesUpAfterTheTimeoutWhileAnswersAreOwed() throws Exception {
    OwedAnswers owed = new OwedAnswers();
    owed.opened();

    assertThat(owed.awaitNone(Duration.ofMillis(20))).isFalse();
    assertThat(new OwedAnswers().awaitNone(Duration.ZERO)).isTrue();
  }
}
