package io.hookgate.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler: anything thrown in the pipeline is a bug or an I/O failure, never an expected
 * outcome (a client leaving mid-request is I/O, logged at debug). It is logged (class and message
 * only: a request's content never reaches the log) and the connection is answered 500 and closed.
 */
@Sharable
final class ErrorHandler extends ChannelInboundHandlerAdapter {
  static final ErrorHandler INSTANCE = new ErrorHandler();
  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

  private ErrorHandler() {}

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException
        || cause instanceof PrematureChannelClosureException
        || cause.getCause() instanceof SSLException) {
      // A failed handshake (old protocol, no shared cipher, plain HTTP on the TLS port) is the
      // client's problem; SslHandler has already sent the alert and closes the connection.
      log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
      return;
    }
    log.error("unexpected failure on connection from {}", ctx.channel().remoteAddress(), cause);
    if (!ctx.channel().isActive()) {
      return;
    }
    var response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.INTERNAL_SERVER_ERROR);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // Nothing should get this far; drop it rather than leak it.
    ReferenceCountUtil.release(msg);
  }
}
