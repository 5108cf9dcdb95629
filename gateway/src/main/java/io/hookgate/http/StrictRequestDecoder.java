package io.hookgate.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder with two additions. It refuses obsolete line folding (a header line that
 * starts with a space or tab), which Netty silently joins to the previous header: RFC 9112 §5.2
 * lets a server do either, and refusing leaves nothing for a proxy in front to read differently.
 * And it announces the first byte of every request head with {@link RequestStarted}, which {@link
 * RequestDeadlineHandler} times.
 *
 * <p>Netty's decoder consumes whole lines while it reads a head and returns as soon as the head is
 * complete, so the bytes a {@code decode} call consumes in that state are head bytes only.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

  /** The user event fired when the first byte of a request's head arrives. */
  enum RequestStarted {
    INSTANCE
  }

  /** Why a folded header was refused; no stack trace, it is an expected outcome. */
  static final class ObsoleteLineFoldingException extends IllegalArgumentException {
    ObsoleteLineFoldingException() {
      super("obsolete line folding in the header section");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private boolean readingHead = true;
  private boolean started;
  private boolean folded;
  private byte previous;
  private boolean failed;

  StrictRequestDecoder(HttpDecoderConfig config) {
    super(config);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (failed) {
      // Like Netty's own bad-message state: nothing after a refused head is trusted.
      in.skipBytes(in.readableBytes());
      return;
    }
    boolean head = readingHead;
    if (head && !started) {
      started = true;
      ctx.fireUserEventTriggered(RequestStarted.INSTANCE);
    }
    int from = in.readerIndex();
    int produced = out.size();
    super.decode(ctx, in, out);
    if (head) {
      scanForFolding(in, from, in.readerIndex());
    }
    for (int i = produced; i < out.size(); i++) {
      Object decoded = out.get(i);
      if (decoded instanceof HttpRequest request) {
        readingHead = false;
        if (folded && request.decoderResult().isSuccess()) {
          request.setDecoderResult(DecoderResult.failure(new ObsoleteLineFoldingException()));
        }
      }
      if (decoded instanceof DecoderResultProvider result && result.decoderResult().isFailure()) {
        failed = true;
        in.skipBytes(in.readableBytes());
      }
      if (decoded instanceof LastHttpContent) {
        readingHead = true;
        started = false;
        folded = false;
        previous = 0;
      }
    }
  }

  private void scanForFolding(ByteBuf in, int from, int to) {
    for (int i = from; i < to && !folded; i++) {
      byte b = in.getByte(i);
      folded = previous == '\n' && (b == ' ' || b == '\t');
      previous = b;
    }
  }
}
