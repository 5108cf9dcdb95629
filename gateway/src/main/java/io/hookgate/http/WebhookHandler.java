package io.hookgate.http;

import static java.util.Objects.requireNonNull;

import io.hookgate.intake.Outcome;
import io.hookgate.intake.Reply;
import io.hookgate.intake.WebhookIntake;
import io.hookgate.logging.AccessLog;
import io.hookgate.metrics.GatewayMetrics;
import io.hookgate.request.WebhookRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands each admitted request to {@link WebhookIntake} and writes the answers in request order, as
 * HTTP/1.1 pipelining requires, even when later publishes are confirmed first; a {@code 100
 * Continue} takes its turn among them. Each answer is counted and written to the {@link AccessLog}
 * as it is written. The body is copied out once and the buffer released here: nothing after this
 * handler sees a ByteBuf.
 *
 * <p>Completions arrive on the broker client's threads and are moved back to this channel's event
 * loop, which owns all state here.
 */
final class WebhookHandler extends ChannelInboundHandlerAdapter {
  /** Pipelined requests waiting for answers before this connection stops reading more. */
  private static final int MAX_PENDING = 16;

  /** A {@code 100 Continue} waiting in the queue for the answers owed before it. */
  private static final Pending CONTINUE = new Pending(RequestGateHandler.NO_SOURCE, null, 0, false);

  private final WebhookIntake intake;
  private final GatewayMetrics metrics;
  private final BodyBudget budget;
  private final OwedAnswers owed;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private boolean closing;

  WebhookHandler(
      WebhookIntake intake, GatewayMetrics metrics, BodyBudget budget, OwedAnswers owed) {
    this.intake = requireNonNull(intake, "intake");
    this.metrics = requireNonNull(metrics, "metrics");
    this.budget = requireNonNull(budget, "budget");
    this.owed = requireNonNull(owed, "owed");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof RejectedRequest rejected) {
      InetAddress client = rejected.client();
      if (client == null && ctx.channel().remoteAddress() instanceof InetSocketAddress) {
        // Refused before the address was resolved: the access log names the connection's peer.
        client = ProxyProtocolHandler.clientOf(ctx.channel()).getAddress();
      }
      Pending slot =
          enqueue(ctx, rejected.source(), client, rejected.startNanos(), rejected.close());
      complete(ctx, slot, Reply.of(rejected.outcome()));
    } else if (msg instanceof FullHttpRequest request) {
      accept(ctx, request);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      // Quiet for server.idle-timeout. A connection still owed an answer is waiting for the
      // broker, which the confirm timeout bounds; any other can go.
      if (pending.isEmpty()) {
        ctx.close();
      }
      return;
    }
    if (evt == BodyAggregator.CONTINUE) {
      if (!closing) {
        pending.add(CONTINUE);
        writeDue(ctx);
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void accept(ChannelHandlerContext ctx, FullHttpRequest request) {
    Admission admission = ctx.channel().attr(Admission.KEY).getAndSet(null);
    int size = request.content().readableBytes();
    if (!budget.tryReserve(size)) {
      // Too much is waiting for the broker already: shed this one now rather than hold it.
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      request.release();
      Pending slot =
          enqueue(
              ctx,
              admission.source().name(),
              admission.client(),
              admission.startNanos(),
              !keepAlive);
      complete(ctx, slot, Reply.of(Outcome.OVERLOADED));
      return;
    }
    byte[] body;
    HttpHeaders headers;
    boolean keepAlive;
    try {
      body = ByteBufUtil.getBytes(request.content());
      headers = request.headers();
      keepAlive = HttpUtil.isKeepAlive(request);
    } finally {
      request.release();
    }
    Pending slot =
        enqueue(
            ctx, admission.source().name(), admission.client(), admission.startNanos(), !keepAlive);
    WebhookRequest webhook =
        new WebhookRequest(headers::get, body, admission.client(), Instant.now());
    owed.opened();
    intake
        .accept(admission.source(), webhook)
        .whenComplete(
            (reply, failure) -> {
              budget.release(size);
              Reply answer = failure == null ? reply : Reply.of(Outcome.ERROR);
              Runnable settle =
                  () -> {
                    try {
                      complete(ctx, slot, answer);
                    } finally {
                      owed.settled();
                    }
                  };
              if (ctx.executor().inEventLoop()) {
                settle.run();
              } else {
                try {
                  ctx.executor().execute(settle);
                } catch (RejectedExecutionException e) {
                  owed.settled(); // The event loop is gone, and the connection with it.
                }
              }
            });
  }

  private Pending enqueue(
      ChannelHandlerContext ctx, String source, InetAddress client, long start, boolean close) {
    Pending slot = new Pending(source, client, start, close);
    pending.add(slot);
    if (pending.size() >= MAX_PENDING) {
      ctx.channel().config().setAutoRead(false);
    }
    return slot;
  }

  private void complete(ChannelHandlerContext ctx, Pending slot, Reply reply) {
    slot.reply = reply;
    writeDue(ctx);
  }

  /** Writes every answer at the head of the queue that is ready, in request order. */
  private void writeDue(ChannelHandlerContext ctx) {
    boolean wrote = false;
    while (!closing
        && !pending.isEmpty()
        && (pending.peek() == CONTINUE || pending.peek().reply != null)) {
      Pending head = pending.poll();
      write(ctx, head);
      wrote = true;
    }
    if (wrote) {
      ctx.flush();
    }
    if (!closing && pending.size() < MAX_PENDING && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void write(ChannelHandlerContext ctx, Pending slot) {
    if (slot == CONTINUE) {
      ctx.write(Responses.continueBody());
      return;
    }
    Reply reply = slot.reply;
    var response =
        Responses.of(
            ctx.alloc(), reply.outcome(), reply.eventId(), reply.retryAfterSeconds(), slot.close);
    var written = ctx.write(response);
    long duration = System.nanoTime() - slot.startNanos;
    metrics.recordRequest(slot.source, reply.outcome(), duration);
    AccessLog.record(slot.source, reply.outcome(), duration, reply.eventId(), slot.client);
    if (reply.outcome() == Outcome.ACCEPTED && reply.eventId() == null) {
      metrics.recordEventWithoutId(slot.source);
    }
    if (slot.close) {
      closing = true;
      pending.clear();
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static final class Pending {
    final String source;
    final InetAddress client;
    final long startNanos;
    final boolean close;
    Reply reply;

    Pending(String source, InetAddress client, long startNanos, boolean close) {
      this.source = source;
      this.client = client;
      this.startNanos = startNanos;
      this.close = close;
    }
  }
}
