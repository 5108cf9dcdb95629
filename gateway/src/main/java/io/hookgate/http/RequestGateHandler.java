package io.hookgate.http;

import static java.util.Objects.requireNonNull;

import io.hookgate.address.ClientAddressResolver;
import io.hookgate.config.ContentCoding;
import io.hookgate.intake.Outcome;
import io.hookgate.intake.Source;
import io.hookgate.intake.SourceTable;
import io.hookgate.metrics.GatewayMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides from a request's head alone whether its body is worth reading ({@link HeadCheck} says
 * what is wrong with a head), and holds an admitted body to its source's size limit while it
 * streams in (the bytes as received; {@link BodyInflater} holds inflated ones to the same limit). A
 * refused request's content is dropped here, so it never reaches the aggregator (which therefore
 * never asks for {@code 100 Continue} for it) and nothing of it is buffered.
 *
 * <p>Once a refusal will close the connection (and any refusal from upstream, such as the request
 * deadline, does), everything after it is dropped: no later pipelined request is published when its
 * answer could never be sent.
 */
final class RequestGateHandler extends ChannelInboundHandlerAdapter {
  static final String NO_SOURCE = GatewayMetrics.NO_SOURCE;
  private static final String X_FORWARDED_FOR = "X-Forwarded-For";

  private final Supplier<SourceTable> sources;
  private final ClientAddressResolver addresses;
  private final long defaultMaxBody;

  /** The request whose body is passing through, or null. */
  private Admission admitted;

  private long bodyLimit;
  private long bodyRead;
  private boolean discarding;
  private boolean closing;

  RequestGateHandler(
      Supplier<SourceTable> sources, ClientAddressResolver addresses, long defaultMaxBody) {
    this.sources = requireNonNull(sources, "sources");
    this.addresses = requireNonNull(addresses, "addresses");
    this.defaultMaxBody = defaultMaxBody;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof RejectedRequest rejected) {
      // Refused upstream (the deadline): whatever this request was, it ends here.
      String source = admitted == null ? rejected.source() : admitted.source().name();
      InetAddress client = admitted == null ? null : admitted.client();
      abandonBody(ctx);
      refuse(
          ctx,
          new RejectedRequest(rejected.outcome(), source, rejected.startNanos(), true, client));
    } else if (msg instanceof HttpRequest request) {
      discarding = false;
      admit(ctx, request);
    } else if (msg instanceof HttpContent content) {
      body(ctx, content);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void body(ChannelHandlerContext ctx, HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (discarding || admitted == null) {
      discarding = !last;
      content.release();
      return;
    }
    Outcome refusal = null;
    if (content.decoderResult().isFailure()) {
      refusal = Outcome.BAD_REQUEST; // a malformed chunk: the framing cannot be trusted
    } else if ((bodyRead += content.content().readableBytes()) > bodyLimit) {
      refusal = Outcome.TOO_LARGE;
    }
    if (refusal == null) {
      if (last) {
        admitted = null;
      }
      ctx.fireChannelRead(content);
      return;
    }
    content.release();
    Admission request = admitted;
    abandonBody(ctx);
    refuse(
        ctx,
        new RejectedRequest(
            refusal, request.source().name(), request.startNanos(), true, request.client()));
  }

  private void admit(ChannelHandlerContext ctx, HttpRequest request) {
    long start = System.nanoTime();
    // Read once: the source found here (and its verifier, routes, secrets) serves this request to
    // its end, whatever a reload swaps in meanwhile.
    Source source = sources.get().byPath(path(request.uri()));
    String codings = HeadCheck.contentCodings(request);
    Outcome refusal = HeadCheck.framing(request);
    if (refusal == null) {
      refusal = refusal(request, source, codings);
    }
    InetAddress client = null;
    if (refusal == null) {
      client = clientAddress(ctx, request);
      if (!source.allow().allows(client)) {
        refusal = Outcome.FORBIDDEN;
      }
    }
    if (refusal == null) {
      bodyLimit = source.maxBody().orElse(defaultMaxBody);
      bodyRead = 0;
      admitted =
          new Admission(
              source,
              client,
              start,
              bodyLimit,
              Optional.ofNullable(ContentCoding.forName(codings)));
      ctx.channel().attr(Admission.KEY).set(admitted);
      if (request instanceof LastHttpContent) {
        admitted = null;
      }
      ctx.fireChannelRead(request);
      return;
    }
    boolean bodyMayFollow = !(request instanceof LastHttpContent);
    discarding = bodyMayFollow;
    String name = source == null ? NO_SOURCE : source.name();
    // A body that may still be in transit is not worth reading: close after answering. So do
    // malformed requests and HEAD (whose answer must not carry the JSON body every answer has).
    boolean close =
        refusal == Outcome.BAD_REQUEST
            || request.decoderResult().isFailure()
            || HttpMethod.HEAD.equals(request.method())
            || (bodyMayFollow && HeadCheck.hasBody(request))
            || !HttpUtil.isKeepAlive(request);
    ReferenceCountUtil.release(request);
    refuse(ctx, new RejectedRequest(refusal, name, start, close, client));
  }

  /**
   * Why a well-framed request for {@code source}, compressed with {@code codings}, is refused from
   * its head, or null.
   */
  private Outcome refusal(HttpRequest request, Source source, String codings) {
    if (source == null) {
      return Outcome.NOT_FOUND;
    }
    if (!HttpMethod.POST.equals(request.method())) {
      return Outcome.METHOD_NOT_ALLOWED;
    }
    if (HeadCheck.hasUnsupportedExpectation(request)) {
      return Outcome.EXPECTATION_FAILED;
    }
    // One coding the source accepts, or none: stacked codings are never undone.
    ContentCoding coding = ContentCoding.forName(codings);
    if (!codings.isEmpty() && (coding == null || !source.acceptEncoding().contains(coding))) {
      return Outcome.UNSUPPORTED_ENCODING;
    }
    if (HttpUtil.getContentLength(request, 0L) > source.maxBody().orElse(defaultMaxBody)) {
      return Outcome.TOO_LARGE;
    }
    return null;
  }

  private void refuse(ChannelHandlerContext ctx, RejectedRequest rejected) {
    closing = rejected.close();
    ctx.fireChannelRead(rejected);
  }

  /** Makes the aggregator drop the body it holds for the admitted request, if any. */
  private void abandonBody(ChannelHandlerContext ctx) {
    if (admitted != null) {
      admitted = null;
      ctx.channel().attr(Admission.KEY).set(null);
      ctx.fireUserEventTriggered(BodyAggregator.ABANDON);
    }
  }

  private InetAddress clientAddress(ChannelHandlerContext ctx, HttpRequest request) {
    InetAddress peer = ProxyProtocolHandler.clientOf(ctx.channel()).getAddress();
    // Most peers are not proxies: skip the header lookup (and its list) for them.
    return addresses.trusts(peer)
        ? addresses.resolve(peer, request.headers().getAll(X_FORWARDED_FOR))
        : peer;
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
