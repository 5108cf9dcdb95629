package io.hookgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.InvalidChunkExtensionException;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder's own refusals, fed one byte per read so that every line and chunk straddles reads:
 * the decoder must follow chunked framing across them.
 */
class StrictRequestDecoderTest {
  private static final String HEAD =
      "POST /hooks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

  /** Decodes {@code raw} written one byte at a time; returns what came out, content as text. */
  private static List<Object> decodeBytewise(String raw) {
    EmbeddedChannel channel =
        new EmbeddedChannel(new StrictRequestDecoder(new HttpDecoderConfig()));
    List<Object> decoded = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (byte b : raw.getBytes(StandardCharsets.ISO_8859_1)) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
      for (HttpObject msg; (msg = channel.readInbound()) != null; ) {
        if (msg instanceof HttpContent content) {
          ByteBuf data = content.content();
          body.append(data.toString(StandardCharsets.ISO_8859_1));
          if (content.decoderResult().isFailure()) {
            decoded.add(content.decoderResult().cause());
          } else if (content instanceof LastHttpContent) {
            decoded.add(body.toString());
          }
          content.release();
        } else {
          body.setLength(0);
          decoded.add(((HttpRequest) msg).decoderResult().isSuccess() ? "head" : "bad head");
        }
      }
    }
    assertThat(channel.finishAndReleaseAll()).isFalse();
    return decoded;
  }

  @Test
  void followsChunkedFramingAcrossReadsAndIgnoresQuotesOutsideChunkLines() {
    assertThat(
            decodeBytewise(
                HEAD
                    + "4;a=b\r\n{\"a\"\r\n5 ; c\r\n:\"b\"}\r\n0\r\nX-T: \"q\"\r\n\r\n"
                    + HEAD
                    + "2\r\n{}\r\n0\r\n\r\n"))
        .containsExactly("head", "{\"a\":\"b\"}", "head", "{}");
  }

  @Test
  void refusesAQuotedExtensionOnAChunkAfterDataWithQuotes() {
    List<Object> decoded =
        decodeBytewise(HEAD + "4\r\n{\"a\"\r\n5;n=\"v\"\r\n:\"b\"}\r\n0\r\n\r\n" + HEAD);

    assertThat(decoded).hasSize(2).first().isEqualTo("head");
    assertThat(decoded.get(1)).isInstanceOf(InvalidChunkExtensionException.class);
  }

  @Test
  void refusesAQuotedExtensionOnTheLastChunk() {
    List<Object> decoded = decodeBytewise(HEAD + "2\r\n{}\r\n0;n=\"v\"\r\n\r\n");

    assertThat(decoded.get(decoded.size() - 1)).isInstanceOf(InvalidChunkExtensionException.class);
  }
}
