package io.hookgate.http;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;

/**
 * A listening socket running one pipeline: the webhook listener and the admin listener are both one
 * of these. The event loop groups belong to the caller, who shuts them down.
 */
public final class GatewayServer implements AutoCloseable {
  private final Channel channel;

  private GatewayServer(Channel channel) {
    this.channel = channel;
  }

  /** Binds {@code address} and serves {@code initializer}'s pipeline on each connection. */
  public static GatewayServer bind(
      Transport transport,
      EventLoopGroup boss,
      EventLoopGroup workers,
      InetSocketAddress address,
      ChannelHandler initializer)
      throws InterruptedException {
    requireNonNull(address, "address");
    Channel channel =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(requireNonNull(initializer, "initializer"))
            .bind(address)
            .sync()
            .channel();
    return new GatewayServer(channel);
  }

  /** The bound address (with the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Stops accepting connections; those already open carry on. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
