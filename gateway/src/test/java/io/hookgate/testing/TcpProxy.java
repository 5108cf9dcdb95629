package io.hookgate.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on a loopback port in front of a real server (the shared RabbitMQ), which a test can
 * {@link #cut()} and {@link #restore()}, or {@link #stall()} and {@link #resume()}, to make the
 * server seem gone or hung to one client without touching the server or its other clients.
 */
public final class TcpProxy implements AutoCloseable {
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ChannelGroup upstreams = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final InetSocketAddress target;
  private final Channel server;
  private volatile boolean cut;
  private volatile boolean stalled;

  private TcpProxy(InetSocketAddress target) throws InterruptedException {
    this.target = target;
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            // Nothing is read from a client until its upstream connection is open.
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel.pipeline().addLast(new ClientSide());
                  }
                })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sync()
            .channel();
  }

  /** A proxy to {@code host:port}, listening on an ephemeral loopback port. */
  public static TcpProxy to(String host, int port) throws InterruptedException {
    return new TcpProxy(new InetSocketAddress(host, port));
  }

  /** The port clients connect to. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Closes every relayed connection now, and every new one at once until {@link #restore()}. */
  public void cut() {
    cut = true;
    clients.close().syncUninterruptibly();
    upstreams.close().syncUninterruptibly();
  }

  /** Relays new connections again. */
  public void restore() {
    cut = false;
  }

  /** Stops relaying what the server sends, keeping every connection open. */
  public void stall() {
    stalled = true;
    upstreams.forEach(upstream -> upstream.config().setAutoRead(false));
  }

  /** Relays what the server sends again, including what was held back. */
  public void resume() {
    stalled = false;
    upstreams.forEach(upstream -> upstream.config().setAutoRead(true));
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    clients.close().syncUninterruptibly();
    upstreams.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** The client's connection: opens the upstream one, then relays to it. */
  private final class ClientSide extends ChannelInboundHandlerAdapter {
    private Channel upstream;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (cut) {
        ctx.close();
        return;
      }
      Channel client = ctx.channel();
      clients.add(client);
      new Bootstrap()
          .group(client.eventLoop())
          .channel(NioSocketChannel.class)
          .option(ChannelOption.AUTO_READ, !stalled)
          .handler(new Relay(client))
          .connect(target)
          .addListener(
              (ChannelFutureListener)
                  connected -> {
                    if (!connected.isSuccess() || cut) {
                      connected.channel().close();
                      client.close();
                      return;
                    }
                    upstream = connected.channel();
                    upstreams.add(upstream);
                    client.config().setAutoRead(true);
                  });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (upstream == null) {
        ReferenceCountUtil.release(msg);
        return;
      }
      upstream.writeAndFlush(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (upstream != null) {
        upstream.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** Relays one direction's bytes to {@code peer} and closes it when this side closes. */
  private static final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    Relay(Channel peer) {
      this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      peer.writeAndFlush(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      peer.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
