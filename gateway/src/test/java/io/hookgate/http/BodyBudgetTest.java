package io.hookgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The server-wide bound on buffered request bodies, as a plain counter. */
class BodyBudgetTest {

  @Test
  void admitsWhatFitsAndRefusesWhatWouldPassTheLimit() {
    BodyBudget budget = new BodyBudget(100);

    assertThat(budget.tryReserve(60)).isTrue();
    assertThat(budget.tryReserve(40)).isTrue();
    assertThat(budget.tryReserve(1)).isFalse();
    assertThat(budget.used()).isEqualTo(100);

    budget.release(40);
    assertThat(budget.tryReserve(41)).isFalse();
    assertThat(budget.tryReserve(40)).isTrue();
  }

  @Test
  void admitsOneBodyLargerThanTheLimitWhenNothingElseIsHeld() {
    BodyBudget budget = new BodyBudget(100);

    assertThat(budget.tryReserve(250)).isTrue();
    assertThat(budget.tryReserve(1)).isFalse();
    budget.release(250);
    assertThat(budget.used()).isZero();
    assertThat(budget.tryReserve(1)).isTrue();
  }
}
