package io.hookgate.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Native epoll where Netty finds it, NIO elsewhere; both listeners use the same choice. */
public enum Transport {
  EPOLL(EpollServerSocketChannel.class),
  NIO(NioServerSocketChannel.class);

  private final Class<? extends ServerChannel> serverChannel;

  Transport(Class<? extends ServerChannel> serverChannel) {
    this.serverChannel = serverChannel;
  }

  /** The best transport on this machine. */
  public static Transport best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  /** A group of {@code threads} event loops (0 = Netty's default, twice the cores). */
  public EventLoopGroup newGroup(int threads) {
    IoHandlerFactory factory =
        this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, factory);
  }

  /** The server channel class for this transport. */
  public Class<? extends ServerChannel> serverChannel() {
    return serverChannel;
  }
}
