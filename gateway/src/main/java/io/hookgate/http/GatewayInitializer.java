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
import java.util.function.Supplier;

/**
 * The whole request path in order, one handler per stage:
 *
 * <pre>
 * [proxy-protocol-decoder, proxy-protocol]   PROXY v1/v2 header, when server.proxy-protocol
 *  http-codec                                HTTP/1.1 decode and encode, with size limits
 *  gate                                      404 / 405 / client address / 403 / 413 from the head
 *  aggregator                                the body, up to server.max-body (and 100 Continue)
 *  webhook                                   verify, dedup, route, publish, answer in order
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
  private final Supplier<SourceTable> sources;
  private final ClientAddressResolver addresses;
  private final WebhookIntake intake;
  private final GatewayMetrics metrics;

  /**
   * @param sources the sources in force now; a reload replaces them, and each request keeps those
   *     it was admitted under
   */
  public GatewayInitializer(
      ServerConfig server,
      Supplier<SourceTable> sources,
      WebhookIntake intake,
      GatewayMetrics metrics) {
    this.server = requireNonNull(server, "server");
    this.sources = requireNonNull(sources, "sources");
    this.addresses = new ClientAddressResolver(server.trustedProxies());
    this.intake = requireNonNull(intake, "intake");
    this.metrics = requireNonNull(metrics, "metrics");
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
    pipeline.addLast(WEBHOOK, new WebhookHandler(intake, metrics));
    pipeline.addLast(ERRORS, ErrorHandler.INSTANCE);
  }
}
