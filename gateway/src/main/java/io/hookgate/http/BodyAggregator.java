package io.hookgate.http;

import io.hookgate.intake.Outcome;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.net.InetAddress;

/**
 * Netty's aggregator, except that a body growing past the limit (chunked, so not caught from its
 * Content-Length by {@link RequestGateHandler}) is answered through {@link WebhookHandler} like
 * every other refusal, keeping pipelined answers in order.
 */
final class BodyAggregator extends HttpObjectAggregator {

  BodyAggregator(long maxBody) {
    super(Math.toIntExact(Math.min(maxBody, Integer.MAX_VALUE)));
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
