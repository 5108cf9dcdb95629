package io.hookgate.http;

import io.hookgate.intake.Outcome;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetAddress;

/**
 * Netty's aggregator, except that a body growing past the limit is answered through {@link
 * WebhookHandler} like every other refusal, keeping pipelined answers in order; that {@code 100
 * Continue} is left to {@link WebhookHandler} too ({@link #CONTINUE}), for the same reason; and
 * that {@link RequestGateHandler} can make it drop a half-aggregated body it has refused (too large
 * for its source, malformed chunk, deadline passed) with {@link #ABANDON}.
 *
 * <p>Its own limit is the largest any source allows; the gate holds each request to its source's.
 */
final class BodyAggregator extends HttpObjectAggregator {
  /** User event: release the message being aggregated; the gate answers for it. */
  static final Object ABANDON = new Object();

  /**
   * User event: the request now being aggregated waits for {@code 100 Continue}. Netty would write
   * it at once, where a client reads it as the interim answer to an earlier pipelined request whose
   * answer is still owed; {@link WebhookHandler} writes it in its turn.
   */
  static final Object CONTINUE = new Object();

  BodyAggregator(long maxBody) {
    super(Math.toIntExact(Math.min(maxBody, Integer.MAX_VALUE)));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ABANDON) {
      releaseCurrentMessage();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected Object newContinueResponse(
      HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    // The gate has answered every other expectation, and any declared length over the limit.
    if (HttpUtil.is100ContinueExpected(start)) {
      start.headers().remove(HttpHeaderNames.EXPECT);
      ctx().fireUserEventTriggered(CONTINUE);
    }
    return null;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    Admission admission = ctx.channel().attr(Admission.KEY).getAndSet(null);
    String source = admission == null ? RequestGateHandler.NO_SOURCE : admission.source().name();
    long start = admission == null ? System.nanoTime() : admission.startNanos();
    // The rest of the body is still on its way; closing is cheaper than reading it.
    InetAddress client = admission == null ? null : admission.client();
    ctx.fireChannelRead(new RejectedRequest(Outcome.TOO_LARGE, source, start, true, client));
  }
}
