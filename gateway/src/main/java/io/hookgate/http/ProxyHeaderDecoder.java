package io.hookgate.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;

/**
 * Netty's PROXY protocol decoder, which also starts the first request's deadline at the header's
 * first byte ({@link RequestDeadlineHandler.RequestStarted#PROXY_HEADER}): a header dribbled a byte
 * at a time is then bounded by {@code server.request-timeout}, not only by the idle timeout.
 */
final class ProxyHeaderDecoder extends HAProxyMessageDecoder {
  private boolean started;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (!started) {
      started = true;
      ctx.fireUserEventTriggered(RequestDeadlineHandler.RequestStarted.PROXY_HEADER);
    }
    super.channelRead(ctx, msg);
  }
}
