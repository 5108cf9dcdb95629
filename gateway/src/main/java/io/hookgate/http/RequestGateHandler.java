package io.hookgate.http;

import static java.util.Objects.requireNonNull;

import io.hookgate.address.ClientAddressResolver;
import io.hookgate.intake.Outcome;
import io.hookgate.intake.Source;
import io.hookgate.intake.SourceTable;
import io.hookgate.metrics.GatewayMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Decides from a request's head alone whether its body is worth reading: unknown path 404, wrong
 * method 405, client address outside the source's allowlist 403, declared length over the limit
 * 413. A refused request's content is dropped here, so it never reaches the aggregator (which
 * therefore never sends {@code 100 Continue} for it) and nothing of it is buffered.
 */
final class RequestGateHandler extends ChannelInboundHandlerAdapter {
  static final String NO_SOURCE = GatewayMetrics.NO_SOURCE;
  private static final String X_FORWARDED_FOR = "X-Forwarded-For";

  private final Supplier<SourceTable> sources;
  private final ClientAddressResolver addresses;
  private final long maxBody;
  private boolean discarding;

  RequestGateHandler(Supplier<SourceTable> sources, ClientAddressResolver addresses, long maxBody) {
    this.sources = requireNonNull(sources, "sources");
    this.addresses = requireNonNull(addresses, "addresses");
    this.maxBody = maxBody;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      discarding = false;
      admit(ctx, request);
    } else if (discarding && msg instanceof HttpContent) {
      discarding = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void admit(ChannelHandlerContext ctx, HttpRequest request) {
    long start = System.nanoTime();
    // Read once: the source found here (and its verifier, routes, secrets) serves this request to
    // its end, whatever a reload swaps in meanwhile.
    Source source = sources.get().byPath(path(request.uri()));
    Outcome refusal = null;
    if (request.decoderResult().isFailure()) {
      refusal = Outcome.BAD_REQUEST;
    } else if (source == null) {
      refusal = Outcome.NOT_FOUND;
    } else if (!HttpMethod.POST.equals(request.method())) {
      refusal = Outcome.METHOD_NOT_ALLOWED;
    } else if (HttpUtil.getContentLength(request, 0L) > maxBody) {
      refusal = Outcome.TOO_LARGE;
    }
    InetAddress client = null;
    if (refusal == null) {
      client = clientAddress(ctx, request);
      if (!source.allow().allows(client)) {
        refusal = Outcome.FORBIDDEN;
      }
    }
    if (refusal == null) {
      ctx.channel().attr(Admission.KEY).set(new Admission(source, client, start));
      ctx.fireChannelRead(request);
      return;
    }
    boolean bodyMayFollow = !(request instanceof LastHttpContent);
    discarding = bodyMayFollow;
    ReferenceCountUtil.release(request);
    String name = source == null ? NO_SOURCE : source.name();
    // A body that may still be in transit is not worth reading: close after answering. A
    // request announcing none (or "Expect: 100-continue", which holds the body back) keeps the
    // connection usable only when nothing can follow.
    boolean close =
        request.decoderResult().isFailure()
            || (bodyMayFollow && hasBody(request))
            || !HttpUtil.isKeepAlive(request);
    ctx.fireChannelRead(new RejectedRequest(refusal, name, start, close));
  }

  private static boolean hasBody(HttpRequest request) {
    return HttpUtil.isTransferEncodingChunked(request)
        || HttpUtil.getContentLength(request, 0L) > 0
        || request.headers().contains(HttpHeaderNames.EXPECT);
  }

  private InetAddress clientAddress(ChannelHandlerContext ctx, HttpRequest request) {
    InetSocketAddress peer = ProxyProtocolHandler.clientOf(ctx.channel());
    return addresses.resolve(peer.getAddress(), request.headers().getAll(X_FORWARDED_FOR));
  }

  /** The path of an origin-form or absolute-form request target, without query or fragment. */
  static String path(String uri) {
    int start = 0;
    if (!uri.startsWith("/")) {
      int scheme = uri.indexOf("://");
      if (scheme < 0) {
        return uri; // "*" or garbage: matches no source
      }
      start = uri.indexOf('/', scheme + 3);
      if (start < 0) {
        return "/";
      }
    }
    int end = uri.length();
    for (int i = start; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return uri.substring(start, end);
  }
}
