package io.hookgate.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.InvalidChunkExtensionException;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder with three additions. It refuses obsolete line folding (a header line
 * that starts with a space or tab), which Netty silently joins to the previous header: RFC 9112
 * §5.2 lets a server do either, and refusing leaves nothing for a proxy in front to read
 * differently. It refuses a chunk line holding a quoted string (a quoted chunk extension), which
 * Netty accepts and ignores: parsers disagree on where such a line ends, which is how chunked
 * bodies are smuggled, and no webhook sender needs one. And it announces the first byte of every
 * request head with {@link RequestDeadlineHandler.RequestStarted#HEAD}, which starts the request's
 * deadline.
 *
 * <p>Netty's decoder consumes whole lines while it reads a head and returns as soon as the head is
 * complete, so the bytes a {@code decode} call consumes in that state are head bytes only. In a
 * chunked body it also consumes chunk lines whole, so following its framing over the consumed bytes
 * (a line, its chunk's data and CRLF, the next line) finds every chunk line without copying any.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

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

  /** Whether the body being read is chunked; then the next two fields follow its framing. */
  private boolean chunked;

  /** Bytes of the current chunk's data and its CRLF still to come; 0 at a chunk line. */
  private long chunkLeft;

  /** Whether the last chunk was read: what follows is the trailer section, not chunk lines. */
  private boolean trailer;

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
    boolean chunkedBody = !head && chunked;
    if (head && !started) {
      started = true;
      ctx.fireUserEventTriggered(RequestDeadlineHandler.RequestStarted.HEAD);
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
        chunked = HttpUtil.isTransferEncodingChunked(request);
        chunkLeft = 0;
        trailer = false;
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
    if (chunkedBody && !failed && hasQuotedChunkLine(in, from, in.readerIndex())) {
      failed = true;
      in.skipBytes(in.readableBytes());
      LastHttpContent refused = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
      refused.setDecoderResult(
          DecoderResult.failure(
              new InvalidChunkExtensionException("quoted string in a chunk extension")));
      out.add(refused);
    }
  }

  /**
   * Follows the chunked framing over bytes Netty's decoder has consumed and accepted, and tells
   * whether a chunk line among them holds a double quote. Chunk data is skipped, not read.
   */
  private boolean hasQuotedChunkLine(ByteBuf in, int from, int to) {
    int i = from;
    while (i < to && !trailer) {
      if (chunkLeft > 0) {
        int data = (int) Math.min(chunkLeft, to - i);
        chunkLeft -= data;
        i += data;
        continue;
      }
      int end = in.indexOf(i, to, (byte) '\n');
      if (end < 0) {
        return false; // cannot happen: Netty consumes a chunk line only once it has all of it
      }
      if (in.indexOf(i, end, (byte) '"') >= 0) {
        return true;
      }
      long size = 0;
      for (int digit; (digit = Character.digit(in.getByte(i) & 0xff, 16)) >= 0; i++) {
        size = size * 16 + digit; // Netty has checked it fits an int
      }
      trailer = size == 0;
      chunkLeft = size + 2; // the data and the CRLF after it
      i = end + 1;
    }
    return false;
  }

  private void scanForFolding(ByteBuf in, int from, int to) {
    for (int i = from; i < to && !folded; i++) {
      byte b = in.getByte(i);
      folded = previous == '\n' && (b == ' ' || b == '\t');
      previous = b;
    }
  }
}
