package io.hookgate;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.impl.MicrometerMetricsCollector;
import io.hookgate.admin.AdminHandler;
import io.hookgate.admin.AdminInitializer;
import io.hookgate.config.ConfigLoader;
import io.hookgate.config.DeclareConfig;
import io.hookgate.config.GatewayConfig;
import io.hookgate.config.SourceConfig;
import io.hookgate.dedup.Deduplicator;
import io.hookgate.http.GatewayInitializer;
import io.hookgate.http.GatewayServer;
import io.hookgate.http.Transport;
import io.hookgate.intake.WebhookIntake;
import io.hookgate.logging.LogbackConfiguration;
import io.hookgate.metrics.ConfigReloadMetrics;
import io.hookgate.metrics.GatewayMetrics;
import io.hookgate.metrics.MeterDescriptions;
import io.hookgate.metrics.NettyMetrics;
import io.hookgate.metrics.RuntimeMetrics;
import io.hookgate.publish.PublishListener;
import io.hookgate.publish.RabbitPublisher;
import io.hookgate.publish.TopologyException;
import io.hookgate.reload.ConfigReloader;
import io.hookgate.reload.RunningConfig;
import io.hookgate.tls.ServerTls;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private final RunningConfig running;
  private final GatewayInitializer initializer;
  private final Duration drainTimeout;
  private final AtomicBoolean draining;
  private ConfigReloader reloader; // guarded by this

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
      ConfigReloadMetrics configReloads,
      RunningConfig running) {
    this.tls = tls;
    this.publisher = publisher;
    this.boss = boss;
    this.workers = workers;
    this.webhooks = webhooks;
    this.admin = admin;
    this.registry = registry;
    this.configReloads = configReloads;
    this.running = running;
    this.initializer = initializer;
    this.drainTimeout = drainTimeout;
    this.draining = draining;
  }

  /**
   * Starts serving {@code config}. The broker connections are made in the background, so the
   * gateway comes up (answering 503 and not ready) even while RabbitMQ is down.
   */
  public static Gateway start(GatewayConfig config) throws InterruptedException, TopologyException {
    requireNonNull(config, "config");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterDescriptions());
    ConfigReloadMetrics configReloads = new ConfigReloadMetrics(registry, Clock.systemUTC());
    GatewayMetrics metrics =
        new GatewayMetrics(registry, config.sources().stream().map(SourceConfig::name).toList());
    RunningConfig running = new RunningConfig(config, metrics, Clock.systemUTC());
    Deduplicator deduplicator = new Deduplicator(config.dedup().ttl(), config.dedup().maxEntries());
    // Before anything starts: a certificate that does not load is a startup error.
    Optional<ServerTls> tls =
        config.server().tls().map(t -> ServerTls.start(t, t.reloadInterval()));
    Transport transport = Transport.best();
    EventLoopGroup boss = transport.newGroup(1);
    EventLoopGroup workers = transport.newGroup(0);
    RabbitPublisher publisher = null;
    GatewayServer webhooks = null;
    try {
      // Each worker loop publishes on a broker connection of its own, on that loop.
      RabbitPublisher lanes =
          new RabbitPublisher(
              config.broker(),
              workers,
              transport.socketChannel(),
              PublishListener.NONE,
              new MicrometerMetricsCollector(registry, MeterDescriptions.RABBITMQ_PREFIX));
      publisher = lanes;
      declare(lanes, config.broker().declare());
      new RuntimeMetrics(lanes, deduplicator, LogbackConfiguration::droppedEvents).bindTo(registry);
      lanes.start();
      // No channel sets another ChannelOption.ALLOCATOR (the broker connections' Netty transport
      // uses the default too), so the default allocator is the one in use.
      new NettyMetrics(ByteBufAllocator.DEFAULT, Map.of("boss", boss, "workers", workers))
          .bindTo(registry);
      AtomicBoolean draining = new AtomicBoolean();
      WebhookIntake intake = new WebhookIntake(deduplicator, lanes, metrics);
      GatewayInitializer initializer =
          new GatewayInitializer(config.server(), running, intake, metrics, tls);
      webhooks =
          GatewayServer.bind(transport, boss, workers, config.server().listen(), initializer);
      GatewayServer admin =
          GatewayServer.bind(
              transport,
              boss,
              workers,
              config.admin().listen(),
              new AdminInitializer(
                  new AdminHandler(registry, () -> notReady(draining.get(), lanes))));
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
          lanes,
          boss,
          workers,
          webhooks,
          admin,
          registry,
          configReloads,
          running);
    } catch (InterruptedException | TopologyException | RuntimeException e) {
      if (webhooks != null) {
        webhooks.close();
      }
      if (publisher != null) {
        publisher.close(); // before the loops its connections live on
      }
      tls.ifPresent(ServerTls::close);
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      registry.close();
      throw e;
    }
  }

  /**
   * Declares {@code broker.declare} before serving: a conflict with what exists stops the start,
   * naming the object. A broker that cannot be reached does not; the publisher declares when it
   * connects, and readiness reports a conflict found then.
   */
  private static void declare(RabbitPublisher publisher, DeclareConfig declare)
      throws TopologyException {
    if (declare.isEmpty()) {
      return;
    }
    try {
      publisher.declareTopology();
      log.info(
          "Declared {} exchange(s) and {} queue(s) of broker.declare",
          declare.exchanges().size(),
          declare.queues().size());
    } catch (IOException | TimeoutException e) {
      log.warn("Cannot declare broker.declare now ({}); declaring once connected", e.toString());
    }
  }

  private static String notReady(boolean draining, RabbitPublisher publisher) {
    // The gateway's own flag is set before the listener closes, the publisher's once it drains.
    if (draining || publisher.draining()) {
      return "shutting down";
    }
    if (!publisher.connected()) {
      return "broker not connected";
    }
    if (publisher.blocked()) {
      return "broker blocked publishers (resource alarm)";
    }
    return publisher.topologyProblem();
  }

  /**
   * Reloads {@code file} into this gateway whenever its content changes and, when {@code onHangup},
   * on SIGHUP: sources, routes and secrets apply at once; a file with problems is refused and the
   * running config kept. Stopped by {@link #close()}.
   */
  public synchronized void watch(Path file, ConfigLoader loader, boolean onHangup)
      throws IOException {
    if (reloader != null) {
      throw new IllegalStateException("already watching a config file");
    }
    ConfigReloader started = new ConfigReloader(file, loader, running::apply, configReloads);
    started.start(onHangup);
    reloader = started;
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
   * broker connections cleanly, then the event loops. Requests arriving meanwhile on open
   * connections are answered 503.
   */
  @Override
  public void close() {
    if (draining.getAndSet(true)) {
      return;
    }
    log.info("hookgate shutting down: draining for up to {}", drainTimeout);
    synchronized (this) {
      if (reloader != null) {
        reloader.close();
      }
    }
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
    // A short quiet period lets the last answers reach their sockets.
    workers.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    admin.close();
    boss.shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    registry.close();
    tls.ifPresent(ServerTls::close);
    log.info("hookgate stopped");
  }
}
