package io.hookgate.http;

import static java.util.Objects.requireNonNull;

import io.hookgate.address.ClientAddressResolver;
import io.hookgate.config.ServerConfig;
import io.hookgate.intake.SourceTable;
import io.hookgate.intake.WebhookIntake;
import io.hookgate.metrics.GatewayMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The whole request path in order, one handler per stage:
 *
 * <pre>
 * [proxy-protocol-decoder, proxy-protocol]   PROXY v1/v2 header, when server.proxy-protocol
 *  http-codec                                HTTP/1.1 decode and encode, with size limits
 *  gate                                      404 / 405 / client address / 403 / 413 from the head
 *  aggregator                                the body, up to server.max-body (and 100 Continue)
 *  webhook                                   verify, dedup, route, publish, answer in order;
 *                                            503 at once beyond server.max-buffered-bytes
 *  errors                                    anything thrown: 500 and close
 * </pre>
 */
public final class GatewayInitializer extends ChannelInitializer<Channel> {
  public static final String PROXY_PROTOCOL_DECODER = "proxy-protocol-decoder";
  public static final String PROXY_PROTOCOL = "proxy-protocol";
  public static final String HTTP_CODEC = "http-codec";
  public static final String GATE = "gate";
  public static final String AGGREGATOR = "aggregator";
  public static final String WEBHOOK = "webhook";
  public static final String ERRORS = "errors";

  static final int MAX_INITIAL_LINE = 8192;
  static final int MAX_HEADER_SIZE = 16384;

  private final ServerConfig server;
  private final SourceTable sources;
  private final ClientAddressResolver addresses;
  private final WebhookIntake intake;
  private final GatewayMetrics metrics;
  private final BodyBudget budget;

  public GatewayInitializer(
      ServerConfig server, SourceTable sources, WebhookIntake intake, GatewayMetrics metrics) {
    this.server = requireNonNull(server, "server");
    this.sources = requireNonNull(sources, "sources");
    this.addresses = new ClientAddressResolver(server.trustedProxies());
    this.intake = requireNonNull(intake, "intake");
    this.metrics = requireNonNull(metrics, "metrics");
    // One budget for every connection this initializer sets up: the bound is server-wide.
    this.budget = new BodyBudget(server.maxBufferedBytes());
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    if (server.proxyProtocol()) {
      pipeline.addLast(PROXY_PROTOCOL_DECODER, new HAProxyMessageDecoder());
      pipeline.addLast(PROXY_PROTOCOL, new ProxyProtocolHandler());
    }
    pipeline.addLast(
        HTTP_CODEC,
        new HttpServerCodec(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE)));
    pipeline.addLast(GATE, new RequestGateHandler(sources, addresses, server.maxBody()));
    pipeline.addLast(AGGREGATOR, new BodyAggregator(server.maxBody()));
    pipeline.addLast(WEBHOOK, new WebhookHandler(intake, metrics, budget));
    pipeline.addLast(ERRORS, ErrorHandler.INSTANCE);
  }
}
