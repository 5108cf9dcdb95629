package io.hookgate.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the client address from the PROXY protocol header that Netty's {@code
 * HAProxyMessageDecoder} decoded, then leaves the pipeline. A connection that does not start with a
 * valid header is closed: behind a proxy that speaks the protocol, anything else is an attack or a
 * misconfiguration.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ProxyProtocolHandler.class);
  private static final AttributeKey<InetSocketAddress> CLIENT =
      AttributeKey.valueOf(ProxyProtocolHandler.class, "client");

  /** The client's address: from the PROXY header when there was one, else the TCP peer. */
  static InetSocketAddress clientOf(Channel channel) {
    InetSocketAddress proxied = channel.attr(CLIENT).get();
    return proxied != null ? proxied : (InetSocketAddress) channel.remoteAddress();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HAProxyMessage header)) {
      // The decoder passes nothing else before the header; anything here is a bug upstream.
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      // LOCAL is the proxy's own health check: the TCP peer is the real party.
      InetAddress source =
          header.sourceAddress() == null
              ? null
              : NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
      if (header.command() == HAProxyCommand.PROXY && source != null) {
        ctx.channel().attr(CLIENT).set(new InetSocketAddress(source, header.sourcePort()));
      }
    } finally {
      header.release();
    }
    ctx.pipeline().remove(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof HAProxyProtocolException
        || cause.getCause() instanceof HAProxyProtocolException) {
      log.debug("closing connection from {}: no valid PROXY header", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }
}
