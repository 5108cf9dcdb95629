package io.hookgate.admin;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/** The admin listener's pipeline: HTTP codec, a small aggregator, {@link AdminHandler}. */
public final class AdminInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_ADMIN_REQUEST = 8192;

  private final AdminHandler handler;

  public AdminInitializer(AdminHandler handler) {
    this.handler = requireNonNull(handler, "handler");
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    channel
        .pipeline()
        .addLast("http-codec", new HttpServerCodec())
        .addLast("aggregator", new HttpObjectAggregator(MAX_ADMIN_REQUEST))
        .addLast("admin", handler);
  }
}
