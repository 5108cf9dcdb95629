package io.hookgate.http;

import io.hookgate.intake.Outcome;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.net.InetAddress;

/**
 * Netty's aggregator, except that a body growing past the limit is answered through {@link
 * WebhookHandler} like every other refusal, keeping pipelined answers in order, and that {@link
 * RequestGateHandler} can make it drop a half-aggregated body it has refused (too large for its
 * source, malformed chunk, deadline passed) with {@link #ABANDON}.
 *
 * <p>Its own limit is the largest any source allows; the gate holds each request to its source's.
 */
final class BodyAggregator extends HttpObjectAggregator {
  /** User event: release the message being aggregated; the gate answers for it. */
  static final Object ABANDON = new Object();

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
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    Admission admission = ctx.channel().attr(Admission.KEY).getAndSet(null);
    String source = admission == null ? RequestGateHandler.NO_SOURCE : admission.source().name();
    long start = admission == null ? System.nanoTime() : admission.startNanos();
    // The rest of the body is still on its way; closing is cheaper than reading it.
    InetAddress client = admission == null ? null : admission.client();
    ctx.fireChannelRead(new RejectedRequest(Outcome.TOO_LARGE, source, start, true, client));
  }
}
