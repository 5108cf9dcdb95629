package io.hookgate.http;

import io.hookgate.config.ContentCoding;
import io.hookgate.intake.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContentDecoder;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Inflates the body of a request that {@link RequestGateHandler} admitted with a compression its
 * source accepts ({@code accept-encoding}), with Netty's zlib decoder, so that what is verified,
 * routed and published is the body the sender signed. Inflation is bounded by the source's {@code
 * max-body}: a body inflating past it is answered 413; a corrupt stream, one cut short, or bytes
 * after its end are 400. Both close the connection (the rest of the body may still be coming), and
 * nothing after such a refusal is read on.
 *
 * <p>Netty's {@link HttpContentDecoder} does the plumbing: it takes Content-Length and
 * Content-Encoding off the head and feeds each piece of the body through an embedded channel that
 * holds the decoder. A piece is at most the HTTP decoder's chunk size (8 KiB) of compressed bytes,
 * and the zlib decoder may make at most {@code max-body} bytes of one piece, so a zip bomb is
 * refused within its first piece, never inflated whole.
 */
final class BodyInflater extends HttpContentDecoder {
  /** The decoder of the request whose body is passing, when it is compressed. */
  private Zlib zlib;

  private boolean refused;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (refused) {
      // The connection closes once the refusal is answered; nothing after it counts.
      ReferenceCountUtil.release(msg);
      return;
    }
    super.channelRead(ctx, msg);
  }

  /**
   * Only passes the event on. {@link HttpContentDecoder}'s own version asks for another read when
   * nothing reached its decoder, which undoes the backpressure of {@link WebhookHandler} (auto-read
   * off while answers are owed) for every request refused before the body (404, 405, 403); the
   * aggregator and the HTTP decoder already ask for a read when they need one.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.fireChannelReadComplete();
  }

  @Override
  protected EmbeddedChannel newContentDecoder(String contentEncoding) {
    // The gate's decision says what to undo, not the header's text: it admitted exactly one coding
    // the source accepts, or none.
    Admission admission = ctx.channel().attr(Admission.KEY).get();
    if (admission == null || admission.coding().isEmpty()) {
      zlib = null;
      return null;
    }
    int limit = (int) Math.min(admission.bodyLimit(), Integer.MAX_VALUE);
    zlib = new Zlib(admission.coding().get(), limit);
    Channel channel = ctx.channel();
    return EmbeddedChannel.builder()
        .channelId(channel.id())
        .hasDisconnect(channel.metadata().hasDisconnect())
        .config(channel.config())
        .handlers(zlib, new InflatedLimit(limit))
        .build();
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out)
      throws Exception {
    try {
      if (zlib != null && msg instanceof LastHttpContent last) {
        // The last piece is inflated before the end of the body goes on, so that a stream cut short
        // is refused while the request can still be.
        super.decode(ctx, new DefaultHttpContent(last.content()), out);
        if (!zlib.isClosed()) {
          throw new DecompressionException("the body ends before its compressed stream");
        }
        super.decode(ctx, LastHttpContent.EMPTY_LAST_CONTENT, out);
      } else {
        super.decode(ctx, msg, out);
      }
    } catch (TooLongHttpContentException e) {
      refuse(ctx, Outcome.TOO_LARGE);
    } catch (DecompressionException e) {
      refuse(ctx, Outcome.BAD_REQUEST);
    }
  }

  private void refuse(ChannelHandlerContext ctx, Outcome outcome) {
    refused = true;
    Admission admission = ctx.channel().attr(Admission.KEY).getAndSet(null);
    ctx.fireUserEventTriggered(BodyAggregator.ABANDON);
    ctx.fireChannelRead(
        new RejectedRequest(
            outcome, admission.source().name(), admission.startNanos(), true, admission.client()));
  }

  /**
   * Netty's zlib decoder for one body, taking exactly one gzip member or zlib stream: bytes after
   * its end are refused rather than skipped, and a piece that would inflate past {@code
   * maxAllocation} is reported as too large rather than corrupt.
   */
  private static final class Zlib extends JdkZlibDecoder {
    private boolean exhausted;
    private boolean failed;

    Zlib(ContentCoding coding, int maxAllocation) {
      super(
          coding == ContentCoding.GZIP ? ZlibWrapper.GZIP : ZlibWrapper.ZLIB, false, maxAllocation);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
        throws Exception {
      if (failed) {
        in.skipBytes(in.readableBytes());
        return;
      }
      try {
        if (isClosed() && in.isReadable()) {
          throw new DecompressionException("bytes after the end of the compressed stream");
        }
        super.decode(ctx, in, out);
      } catch (DecompressionException e) {
        // Left unread, the input would be decoded again when the channel closes, and fail again.
        failed = true;
        in.skipBytes(in.readableBytes());
        throw exhausted ? new TooLongHttpContentException("inflated body over the limit") : e;
      }
    }

    @Override
    protected void decompressionBufferExhausted(ByteBuf buffer) {
      exhausted = true;
      super.decompressionBufferExhausted(buffer);
    }
  }

  /** Counts inflated bytes against the body limit; past it, fails once and drops the rest. */
  private static final class InflatedLimit extends ChannelInboundHandlerAdapter {
    private final long limit;
    private long inflated;

    InflatedLimit(long limit) {
      this.limit = limit;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf piece = (ByteBuf) msg;
      boolean wasWithin = inflated <= limit;
      inflated += piece.readableBytes();
      if (inflated <= limit) {
        ctx.fireChannelRead(piece);
        return;
      }
      piece.release();
      if (wasWithin) {
        throw new TooLongHttpContentException("inflated body over " + limit + " bytes");
      }
    }
  }
}
