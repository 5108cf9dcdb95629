package io.hookgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ConnectionLimitHandlerTest {
  private final ConnectionLimitHandler limit = new ConnectionLimitHandler(2);

  @Test
  void closesConnectionsBeyondTheCapAndAdmitsAgainWhenOneCloses() {
    EmbeddedChannel first = new EmbeddedChannel(limit);
    EmbeddedChannel second = new EmbeddedChannel(limit);
    EmbeddedChannel third = new EmbeddedChannel(limit);

    assertThat(first.isOpen()).isTrue();
    assertThat(second.isOpen()).isTrue();
    assertThat(third.isOpen()).isFalse();
    assertThat(limit.open()).isEqualTo(2);

    first.close();
    EmbeddedChannel fourth = new EmbeddedChannel(limit);
    assertThat(fourth.isOpen()).isTrue();
    assertThat(limit.open()).isEqualTo(2);

    for (EmbeddedChannel channel : new EmbeddedChannel[] {first, second, third, fourth}) {
      assertThat(channel.finishAndReleaseAll()).isFalse();
    }
    assertThat(limit.open()).isZero();
  }
}
