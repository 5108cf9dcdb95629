package io.hookgate;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.impl.MicrometerMetricsCollector;
import io.hookgate.admin.AdminHandler;
import io.hookgate.admin.AdminInitializer;
import io.hookgate.config.GatewayConfig;
import io.hookgate.config.SourceConfig;
import io.hookgate.dedup.Deduplicator;
import io.hookgate.http.GatewayInitializer;
import io.hookgate.http.GatewayServer;
import io.hookgate.http.Transport;
import io.hookgate.intake.Source;
import io.hookgate.intake.SourceTable;
import io.hookgate.intake.WebhookIntake;
import io.hookgate.metrics.ConfigReloadMetrics;
import io.hookgate.metrics.GatewayMetrics;
import io.hookgate.metrics.MeterDescriptions;
import io.hookgate.metrics.NettyMetrics;
import io.hookgate.metrics.RuntimeMetrics;
import io.hookgate.publish.PublishListener;
import io.hookgate.publish.RabbitPublisher;
import io.hookgate.tls.ServerTls;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: wires the configured objects together through constructors, binds both
 * listeners, and takes it all down in order on {@link #close()}.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  // After the drain only CPU work is left between a publish's end and its answer on the wire.
  private static final Duration ANSWER_GRACE = Duration.ofSeconds(2);

  private final RabbitPublisher publisher;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final GatewayServer webhooks;
  private final GatewayServer admin;
  private final PrometheusMeterRegistry registry;
  private final ConfigReloadMetrics configReloads;
  private final Optional<ServerTls> tls;
  private final GatewayInitializer initializer;
  private final Duration drainTimeout;
  private final AtomicBoolean draining;

  private Gateway(
      Optional<ServerTls> tls,
      GatewayInitializer initializer,
      Duration drainTimeout,
      AtomicBoolean draining,
      RabbitPublisher publisher,
      EventLoopGroup boss,
      EventLoopGroup workers,
      GatewayServer webhooks,
      GatewayServer admin,
      PrometheusMeterRegistry registry,
      ConfigReloadMetrics configReloads) {
    this.tls = tls;
    this.publisher = publisher;
    this.boss = boss;
    this.workers = workers;
    this.webhooks = webhooks;
    this.admin = admin;
    this.registry = registry;
    this.configReloads = configReloads;
    this.initializer = initializer;
    this.drainTimeout = drainTimeout;
    this.draining = draining;
  }

  /**
   * Starts serving {@code config}. The broker connection is made in the background, so the gateway
   * comes up (answering 503 and not ready) even while RabbitMQ is down.
   */
  public static Gateway start(GatewayConfig config) throws InterruptedException {
    requireNonNull(config, "config");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterDescriptions());
    ConfigReloadMetrics configReloads = new ConfigReloadMetrics(registry, Clock.systemUTC());
    SourceTable sources =
        new SourceTable(
            config.sources().stream().map(source -> Source.of(source, Clock.systemUTC())).toList());
    GatewayMetrics metrics =
        new GatewayMetrics(registry, config.sources().stream().map(SourceConfig::name).toList());
    Deduplicator deduplicator = new Deduplicator(config.dedup().ttl(), config.dedup().maxEntries());
    // Before anything starts: a certificate that does not load is a startup error.
    Optional<ServerTls> tls =
        config.server().tls().map(t -> ServerTls.start(t, t.reloadInterval()));
    RabbitPublisher publisher =
        new RabbitPublisher(
            config.broker(),
            PublishListener.NONE,
            new MicrometerMetricsCollector(registry, MeterDescriptions.RABBITMQ_PREFIX));
    new RuntimeMetrics(publisher, deduplicator).bindTo(registry);
    publisher.start();

    Transport transport = Transport.best();
    EventLoopGroup boss = transport.newGroup(1);
    EventLoopGroup workers = transport.newGroup(0);
    // No channel sets ChannelOption.ALLOCATOR, so the default allocator is the one in use.
    new NettyMetrics(ByteBufAllocator.DEFAULT, Map.of("boss", boss, "workers", workers))
        .bindTo(registry);
    GatewayServer webhooks = null;
    GatewayInitializer initializer = null;
    AtomicBoolean draining = new AtomicBoolean();
    try {
      WebhookIntake intake = new WebhookIntake(deduplicator, publisher, metrics);
      initializer = new GatewayInitializer(config.server(), sources, intake, metrics, tls);
      webhooks =
          GatewayServer.bind(transport, boss, workers, config.server().listen(), initializer);
      GatewayServer admin =
          GatewayServer.bind(
              transport,
              boss,
              workers,
              config.admin().listen(),
              new AdminInitializer(
                  new AdminHandler(registry, () -> notReady(draining.get(), publisher))));
      log.info(
          "hookgate listening on {} (admin {}), {} sources, transport {}",
          webhooks.address(),
          admin.address(),
          config.sources().size(),
          transport);
      return new Gateway(
          tls,
          initializer,
          config.server().drainTimeout(),
          draining,
          publisher,
          boss,
          workers,
          webhooks,
          admin,
          registry,
          configReloads);
    } catch (InterruptedException | RuntimeException e) {
      if (webhooks != null) {
        webhooks.close();
      }
      publisher.close();
      tls.ifPresent(ServerTls::close);
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static String notReady(boolean draining, RabbitPublisher publisher) {
    if (draining || publisher.draining()) {
      return "shutting down";
    }
    if (!publisher.connected()) {
      return "broker not connected";
    }
    if (publisher.blocked()) {
      return "broker blocked publishers (resource alarm)";
    }
    return null;
  }

  /**
   * The meters of configuration reloads, for the code that reloads: it records each attempt's
   * result there.
   */
  public ConfigReloadMetrics configReloads() {
    return configReloads;
  }

  /** The webhook listener's bound address. */
  public InetSocketAddress address() {
    return webhooks.address();
  }

  /** The admin listener's bound address. */
  public InetSocketAddress adminAddress() {
    return admin.address();
  }

  /**
   * Reports not ready, stops accepting connections, lets publishes in flight end (waiting up to
   * {@code server.drain-timeout} for their confirms) so their senders get real answers, closes the
   * broker connection cleanly, then the event loops. Requests arriving meanwhile on open
   * connections are answered 503.
   */
  @Override
  public void close() {
    if (draining.getAndSet(true)) {
      return;
    }
    log.info("hookgate shutting down: draining for up to {}", drainTimeout);
    webhooks.close();
    publisher.close(drainTimeout);
    // Every publish has ended, but its answer may still be on its way to the event loop; closing
    // the connections now would drop it.
    try {
      if (!initializer.awaitAnswers(ANSWER_GRACE)) {
        log.warn("Closing connections with answers still owed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    admin.close();
    boss.shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    registry.close();
    tls.ifPresent(ServerTls::close);
    log.info("hookgate stopped");
  }
}
