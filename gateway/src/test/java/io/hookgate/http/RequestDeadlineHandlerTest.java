package io.hookgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.intake.Outcome;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the request deadline starts, on an {@link EmbeddedChannel} whose clock the test moves: at a
 * request head's first byte, or for the first request behind the PROXY protocol, at the header's.
 */
class RequestDeadlineHandlerTest {
  private static final String PROXY_HEADER = "PROXY TCP4 203.0.113.7 127.0.0.1 40000 8080\r\n";
  private static final String HEAD_START = "POST /hooks HTTP/1.1\r\nHost: x\r\n";
  private static final String REST = "Content-Length: 2\r\n\r\n{}";

  private EmbeddedChannel channel;

  private void start(boolean proxyProtocol) {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    if (proxyProtocol) {
      channel.pipeline().addLast(new ProxyHeaderDecoder(), new ProxyProtocolHandler());
    }
    channel
        .pipeline()
        .addLast(
            new StrictRequestDecoder(new HttpDecoderConfig()),
            new RequestDeadlineHandler(Duration.ofMillis(500)));
  }

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  private void send(String text) {
    channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
  }

  private void advance(long millis) {
    channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
  }

  /** The refusal the deadline passed on, if any; decoded request parts are dropped. */
  private RejectedRequest refusal() {
    for (Object msg; (msg = channel.readInbound()) != null; ) {
      if (msg instanceof RejectedRequest rejected) {
        return rejected;
      }
      ReferenceCountUtil.release(msg);
    }
    return null;
  }

  @Test
  void requestIsTimedFromItsHeadsFirstByte() {
    start(false);
    advance(400);
    send(HEAD_START);
    advance(400);
    assertThat(refusal()).isNull();

    advance(100);
    assertThat(refusal().outcome()).isEqualTo(Outcome.REQUEST_TIMEOUT);
  }

  @Test
  void firstRequestBehindAProxyHeaderIsTimedFromTheHeader() {
    start(true);
    send(PROXY_HEADER);
    advance(400);
    send(HEAD_START);
    advance(100);

    assertThat(refusal().outcome()).isEqualTo(Outcome.REQUEST_TIMEOUT);
    assertThat(channel.isOpen()).isTrue(); // closed after the 408 is written, further down
  }

  @Test
  void laterRequestsBehindAProxyHeaderAreTimedFromTheirOwnHead() {
    start(true);
    send(PROXY_HEADER + HEAD_START + REST);
    advance(400);
    send(HEAD_START);
    advance(400);
    assertThat(refusal()).isNull();

    advance(100);
    assertThat(refusal().outcome()).isEqualTo(Outcome.REQUEST_TIMEOUT);
  }

  @Test
  void dribbledProxyHeaderIsClosedAtTheDeadlineWithoutAnAnswer() {
    start(true);
    send("PROXY TCP4 203.0.113.7 ");
    advance(400);
    send("127.0.0.1 ");
    advance(100);

    assertThat(channel.isOpen()).isFalse();
    assertThat(refusal()).isNull();
  }
}
