package io.hookgate.load;

import io.hookgate.http.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP floor of the load benchmark: the same Netty transport, event loop count, codec and body
 * aggregation as the gateway, answering every request {@code 200} with a body the size of the
 * gateway's {@code 202}, and doing nothing else. What the gateway costs beyond this is its own.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hookgate.load.HttpFloorServer 127.0.0.1 18081
 * </pre>
 */
public final class HttpFloorServer {
  private static final ByteBuf BODY =
      Unpooled.unreleasableBuffer(
          Unpooled.copiedBuffer(
              "{\"status\":\"accepted\",\"id\":\"00000000-0000-4000-8000-000000000000\"}",
              StandardCharsets.US_ASCII));

  private HttpFloorServer() {}

  public static void main(String[] args) throws InterruptedException {
    InetSocketAddress address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    Transport transport = Transport.best();
    EventLoopGroup boss = transport.newGroup(1);
    EventLoopGroup workers = transport.newGroup(0);
    try {
      Channel server =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(transport.serverChannel())
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                      channel
                          .pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(1 << 20))
                          .addLast(Answer.INSTANCE);
                    }
                  })
              .bind(address)
              .sync()
              .channel();
      System.out.println(
          "http floor listening on " + server.localAddress() + " (" + transport + ")");
      server.closeFuture().sync();
    } finally {
      boss.shutdownGracefully();
      workers.shutdownGracefully();
    }
  }

  /** Answers 200 and reads nothing of the request but its keep-alive. */
  @Sharable
  private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final Answer INSTANCE = new Answer();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK, BODY.duplicate());
      response
          .headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.readableBytes());
      if (HttpUtil.isKeepAlive(request)) {
        ctx.writeAndFlush(response);
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
