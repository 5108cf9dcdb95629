package io.hookgate.admin;

import static java.util.Objects.requireNonNull;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** Serves {@code /healthz}, {@code /readyz} and {@code /metrics} on the admin listener. */
@Sharable
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final String JSON = "application/json";

  private final PrometheusMeterRegistry registry;
  private final Readiness readiness;

  public AdminHandler(PrometheusMeterRegistry registry, Readiness readiness) {
    this.registry = requireNonNull(registry, "registry");
    this.readiness = requireNonNull(readiness, "readiness");
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpResponse response;
    String path = request.uri().split("\\?", 2)[0];
    if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
      response =
          respond(
              ctx,
              HttpResponseStatus.METHOD_NOT_ALLOWED,
              JSON,
              "{\"status\":\"method_not_allowed\"}");
      response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
    } else {
      response =
          switch (path) {
            case "/healthz" -> respond(ctx, HttpResponseStatus.OK, JSON, "{\"status\":\"alive\"}");
            case "/readyz" -> ready(ctx);
            case "/metrics" -> metrics(ctx, request.headers().get(HttpHeaderNames.ACCEPT));
            default ->
                respond(ctx, HttpResponseStatus.NOT_FOUND, JSON, "{\"status\":\"not_found\"}");
          };
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    var written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private FullHttpResponse ready(ChannelHandlerContext ctx) {
    String reason = readiness.notReadyReason();
    if (reason == null) {
      return respond(ctx, HttpResponseStatus.OK, JSON, "{\"status\":\"ready\"}");
    }
    return respond(
        ctx,
        HttpResponseStatus.SERVICE_UNAVAILABLE,
        JSON,
        "{\"status\":\"not_ready\",\"reason\":\"" + reason + "\"}");
  }

  private FullHttpResponse metrics(ChannelHandlerContext ctx, String accept) {
    // The registry picks Prometheus text or OpenMetrics from the scraper's Accept header.
    String contentType =
        accept != null && accept.contains("application/openmetrics-text")
            ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
            : "text/plain; version=0.0.4; charset=utf-8";
    return respond(ctx, HttpResponseStatus.OK, contentType, registry.scrape(contentType));
  }

  private static FullHttpResponse respond(
      ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, String body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, ByteBufUtil.writeUtf8(ctx.alloc(), body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    return response;
  }
}
