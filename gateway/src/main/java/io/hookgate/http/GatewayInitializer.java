package io.hookgate.http;

import static java.util.Objects.requireNonNull;

import io.hookgate.address.ClientAddressResolver;
import io.hookgate.config.ServerConfig;
import io.hookgate.intake.Source;
import io.hookgate.intake.SourceTable;
import io.hookgate.intake.WebhookIntake;
import io.hookgate.metrics.GatewayMetrics;
import io.hookgate.tls.ServerTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The whole request path in order, one handler per stage:
 *
 * <pre>
 *  connection-limit                          beyond server.max-connections: closed at once
 *  idle                                      no traffic for server.idle-timeout: closed
 * [proxy-protocol-decoder, proxy-protocol]   PROXY v1/v2 header, when server.proxy-protocol (its
 *                                            first byte starts the first request's deadline)
 * [tls]                                      TLS 1.2/1.3, when server.tls (certificate reloaded)
 *  http-codec                                HTTP/1.1 decode (limits, strict framing) and encode
 *  deadline                                  server.request-timeout from a request's first byte
 *  gate                                      400 / 404 / 405 / 403 / 413 / 414 / 415 / 417 / 431
 *  inflate                                   gzip / deflate bodies the source accepts, bounded
 *                                            by its max-body (413), corrupt streams 400
 *  aggregator                                the body, up to its source's limit (asks for 100
 *                                            Continue, which the webhook stage sends in turn)
 *  webhook                                   verify, dedup, route, publish, answer in order;
 *                                            503 at once beyond server.max-buffered-bytes
 *  errors                                    anything thrown: 500 and close
 * </pre>
 */
public final class GatewayInitializer extends ChannelInitializer<Channel> {
  public static final String CONNECTION_LIMIT = "connection-limit";
  public static final String IDLE = "idle";
  public static final String PROXY_PROTOCOL_DECODER = "proxy-protocol-decoder";
  public static final String PROXY_PROTOCOL = "proxy-protocol";
  public static final String TLS = "tls";
  public static final String HTTP_CODEC = "http-codec";
  public static final String DEADLINE = "deadline";
  public static final String GATE = "gate";
  public static final String INFLATE = "inflate";
  public static final String AGGREGATOR = "aggregator";
  public static final String WEBHOOK = "webhook";
  public static final String ERRORS = "errors";

  private final ServerConfig server;
  private final Supplier<SourceTable> sources;
  private final ClientAddressResolver addresses;
  private final WebhookIntake intake;
  private final GatewayMetrics metrics;
  private final BodyBudget budget;
  private final OwedAnswers owed = new OwedAnswers();
  private final Optional<ServerTls> tls;
  private final ConnectionLimitHandler connectionLimit;
  private final HttpDecoderConfig decoderConfig;

  /**
   * @param sources the sources in force now; a reload replaces them, and each request keeps those
   *     it was admitted under
   */
  public GatewayInitializer(
      ServerConfig server,
      Supplier<SourceTable> sources,
      WebhookIntake intake,
      GatewayMetrics metrics) {
    this(server, sources, intake, metrics, Optional.empty());
  }

  public GatewayInitializer(
      ServerConfig server,
      Supplier<SourceTable> sources,
      WebhookIntake intake,
      GatewayMetrics metrics,
      Optional<ServerTls> tls) {
    this.server = requireNonNull(server, "server");
    this.sources = requireNonNull(sources, "sources");
    this.addresses = new ClientAddressResolver(server.trustedProxies());
    this.intake = requireNonNull(intake, "intake");
    this.metrics = requireNonNull(metrics, "metrics");
    // One budget for every connection this initializer sets up: the bound is server-wide.
    this.budget = new BodyBudget(server.maxBufferedBytes());
    this.tls = requireNonNull(tls, "tls");
    this.connectionLimit = new ConnectionLimitHandler(server.maxConnections());
    // Spelled out rather than left to defaults that system properties can loosen.
    this.decoderConfig =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(server.maxRequestLine())
            .setMaxHeaderSize(server.maxHeaderSize())
            .setStrictLineParsing(true)
            .setAllowDuplicateContentLengths(false)
            .setUseRfc9112TransferEncoding(true)
            .setValidateHeaders(true);
  }

  /** The largest body any source now takes; read per connection, as a reload may change it. */
  private long largestBody() {
    long largest = server.maxBody();
    for (Source source : sources.get().all()) {
      largest = Math.max(largest, source.maxBody().orElse(server.maxBody()));
    }
    return largest;
  }

  /**
   * Waits up to {@code timeout} until every request this listener took in has its answer written to
   * its connection (or lost its connection); call it off the event loop, during shutdown.
   */
  public boolean awaitAnswers(Duration timeout) throws InterruptedException {
    return owed.awaitNone(timeout);
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(CONNECTION_LIMIT, connectionLimit);
    pipeline.addLast(
        IDLE, new IdleStateHandler(0, 0, server.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    if (server.proxyProtocol()) {
      pipeline.addLast(PROXY_PROTOCOL_DECODER, new ProxyHeaderDecoder());
      pipeline.addLast(PROXY_PROTOCOL, new ProxyProtocolHandler());
    }
    tls.ifPresent(t -> pipeline.addLast(TLS, t.newHandler(channel.alloc())));
    pipeline.addLast(
        HTTP_CODEC,
        new CombinedChannelDuplexHandler<>(
            new StrictRequestDecoder(decoderConfig), new HttpResponseEncoder()));
    pipeline.addLast(DEADLINE, new RequestDeadlineHandler(server.requestTimeout()));
    pipeline.addLast(GATE, new RequestGateHandler(sources, addresses, server.maxBody()));
    pipeline.addLast(INFLATE, new BodyInflater());
    pipeline.addLast(AGGREGATOR, new BodyAggregator(largestBody()));
    pipeline.addLast(WEBHOOK, new WebhookHandler(intake, metrics, budget, owed));
    pipeline.addLast(ERRORS, ErrorHandler.INSTANCE);
  }
}
