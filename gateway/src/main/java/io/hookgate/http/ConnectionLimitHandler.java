package io.hookgate.http;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the listener's open connections at {@code server.max-connections}: one past the cap is
 * closed as soon as it is accepted, before anything of it is read, so a flood of idle or slow
 * connections runs into a wall instead of exhausting file descriptors and memory. One instance
 * counts every connection of the listener.
 */
@Sharable
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
  private final int maxConnections;
  private final AtomicInteger open = new AtomicInteger();

  ConnectionLimitHandler(int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }
    this.maxConnections = maxConnections;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    // Every connection is counted, the refused ones too, so channelInactive can always subtract.
    if (open.incrementAndGet() > maxConnections) {
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    open.decrementAndGet();
    ctx.fireChannelInactive();
  }

  /** Connections open now, refused ones included until their close completes. */
  int open() {
    return open.get();
  }
}
