package io.hookgate;

import static java.util.Objects.requireNonNull;

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
import io.hookgate.metrics.GatewayMetrics;
import io.hookgate.metrics.ReloadMetrics;
import io.hookgate.metrics.RuntimeMetrics;
import io.hookgate.publish.RabbitPublisher;
import io.hookgate.publish.TopologyException;
import io.hookgate.reload.ConfigReloader;
import io.hookgate.reload.RunningConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: wires the configured objects together through constructors, binds both
 * listeners, and takes it all down in order on {@link #close()}.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final RabbitPublisher publisher;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final GatewayServer webhooks;
  private final GatewayServer admin;
  private final PrometheusMeterRegistry registry;
  private final RunningConfig running;
  private final ReloadMetrics reloads;
  private ConfigReloader reloader; // guarded by this

  private Gateway(
      RabbitPublisher publisher,
      EventLoopGroup boss,
      EventLoopGroup workers,
      GatewayServer webhooks,
      GatewayServer admin,
      PrometheusMeterRegistry registry,
      RunningConfig running,
      ReloadMetrics reloads) {
    this.publisher = publisher;
    this.boss = boss;
    this.workers = workers;
    this.webhooks = webhooks;
    this.admin = admin;
    this.registry = registry;
    this.running = running;
    this.reloads = reloads;
  }

  /**
   * Starts serving {@code config}. The broker connection is made in the background, so the gateway
   * comes up (answering 503 and not ready) even while RabbitMQ is down.
   */
  public static Gateway start(GatewayConfig config) throws InterruptedException, TopologyException {
    requireNonNull(config, "config");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayMetrics metrics =
        new GatewayMetrics(registry, config.sources().stream().map(SourceConfig::name).toList());
    RunningConfig running = new RunningConfig(config, metrics, Clock.systemUTC());
    ReloadMetrics reloads = new ReloadMetrics(registry, Clock.systemUTC());
    Deduplicator deduplicator = new Deduplicator(config.dedup().ttl(), config.dedup().maxEntries());
    RabbitPublisher publisher = new RabbitPublisher(config.broker());
    try {
      declare(publisher, config.broker().declare());
    } catch (TopologyException e) {
      publisher.close();
      registry.close();
      throw e;
    }
    new RuntimeMetrics(publisher, deduplicator).bindTo(registry);
    publisher.start();

    Transport transport = Transport.best();
    EventLoopGroup boss = transport.newGroup(1);
    EventLoopGroup workers = transport.newGroup(0);
    GatewayServer webhooks = null;
    try {
      WebhookIntake intake = new WebhookIntake(deduplicator, publisher, metrics);
      webhooks =
          GatewayServer.bind(
              transport,
              boss,
              workers,
              config.server().listen(),
              new GatewayInitializer(config.server(), running, intake, metrics));
      GatewayServer admin =
          GatewayServer.bind(
              transport,
              boss,
              workers,
              config.admin().listen(),
              new AdminInitializer(new AdminHandler(registry, () -> notReady(publisher))));
      log.info(
          "hookgate listening on {} (admin {}), {} sources, transport {}",
          webhooks.address(),
          admin.address(),
          config.sources().size(),
          transport);
      return new Gateway(publisher, boss, workers, webhooks, admin, registry, running, reloads);
    } catch (InterruptedException | RuntimeException e) {
      if (webhooks != null) {
        webhooks.close();
      }
      publisher.close();
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
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

  private static String notReady(RabbitPublisher publisher) {
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
    ConfigReloader started = new ConfigReloader(file, loader, running::apply, reloads);
    started.start(onHangup);
    reloader = started;
  }

  /** Reloads the watched file now, changed or not, as SIGHUP does; completes when done. */
  public synchronized CompletableFuture<Void> reloadNow() {
    if (reloader == null) {
      throw new IllegalStateException("no config file is watched");
    }
    return reloader.reloadNow();
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
   * Stops accepting connections, lets publishes in flight end (up to the confirm timeout) so their
   * senders get real answers, closes the broker connection, then the event loops.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (reloader != null) {
        reloader.close();
      }
    }
    webhooks.close();
    publisher.close();
    // A short quiet period lets the answers to the drained publishes reach their sockets.
    workers.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    admin.close();
    boss.shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    registry.close();
    log.info("hookgate stopped");
  }
}
