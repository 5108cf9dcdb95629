package io.hookgate.http;

import io.hookgate.intake.Outcome;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives each request {@code server.request-timeout} from its first byte to its last; for the first
 * request on a connection behind the PROXY protocol, the first byte is the PROXY header's. A
 * request still incomplete then (a client dribbling its head or body) is refused 408 and the
 * connection closed: the refusal travels down the pipeline like any other, so it is written after
 * the answers owed to earlier pipelined requests, and dropped if this request was already answered.
 * A connection still in its PROXY header (or with no request head after it) has nothing to answer
 * and is just closed.
 *
 * <p>The timer is a task on the channel's own event loop, so slow connections cost no thread.
 */
final class RequestDeadlineHandler extends ChannelInboundHandlerAdapter {
  /** The user events that start a request's deadline, fired by the decoders at a first byte. */
  enum RequestStarted {
    /** The first byte of the connection's PROXY protocol header. */
    PROXY_HEADER,
    /** The first byte of a request head. */
    HEAD
  }

  private final long timeoutNanos;
  private ScheduledFuture<?> deadline;
  private long startNanos;
  private boolean headStarted;
  private boolean expired;

  RequestDeadlineHandler(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof RequestStarted started)) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    headStarted |= started == RequestStarted.HEAD;
    if (deadline == null && !expired) {
      startNanos = System.nanoTime();
      deadline = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof LastHttpContent) {
      cancel();
      headStarted = false;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void expire(ChannelHandlerContext ctx) {
    deadline = null;
    expired = true;
    if (!headStarted) {
      ctx.close();
    } else if (ctx.channel().isActive()) {
      ctx.fireChannelRead(
          new RejectedRequest(
              Outcome.REQUEST_TIMEOUT, RequestGateHandler.NO_SOURCE, startNanos, true));
    }
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
