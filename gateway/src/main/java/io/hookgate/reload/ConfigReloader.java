package io.hookgate.reload;

import static java.util.Objects.requireNonNull;

import io.hookgate.config.ConfigException;
import io.hookgate.config.ConfigLoader;
import io.hookgate.config.ConfigProblem;
import io.hookgate.config.GatewayConfig;
import io.hookgate.metrics.ConfigReloadMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config file into a running gateway: on a change of the file's content (seen by a
 * {@link ConfigFileWatcher}) and on SIGHUP (always, changed or not). Reloads run one at a time on a
 * thread of their own, never on an event loop. A file with problems is refused: the previous config
 * keeps serving, each problem is logged exactly as {@code check} prints it, and the failure counter
 * rises.
 */
public final class ConfigReloader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  private final Path file;
  private final ConfigLoader loader;
  private final Consumer<GatewayConfig> apply;
  private final ConfigReloadMetrics metrics;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread t = new Thread(task, "hookgate-config-reload");
            t.setDaemon(true);
            return t;
          });
  private byte[] fingerprint; // reload thread only, after construction
  private ConfigFileWatcher watcher;
  private HangupSignal hangup;

  /**
   * @param apply swaps a loaded config in, or throws {@link IllegalArgumentException} to refuse it
   */
  public ConfigReloader(
      Path file, ConfigLoader loader, Consumer<GatewayConfig> apply, ConfigReloadMetrics metrics) {
    this.file = requireNonNull(file, "file");
    this.loader = requireNonNull(loader, "loader");
    this.apply = requireNonNull(apply, "apply");
    this.metrics = requireNonNull(metrics, "metrics");
    this.fingerprint = fingerprint(file);
  }

  /**
   * Starts watching the file and, when {@code onHangup}, reloading on SIGHUP (where the JVM lets us
   * handle it).
   */
  public synchronized void start(boolean onHangup) throws IOException {
    watcher = ConfigFileWatcher.start(file, () -> submit(false));
    if (onHangup) {
      hangup = HangupSignal.install(() -> submit(true)).orElse(null);
    }
    log.info("Watching {} for changes{}", file, hangup == null ? "" : "; SIGHUP reloads it too");
  }

  /** Reloads now, changed or not; the future completes when the reload has been applied or not. */
  public CompletableFuture<Void> reloadNow() {
    return CompletableFuture.runAsync(() -> reload(true), thread);
  }

  private void submit(boolean always) {
    try {
      thread.execute(() -> reload(always));
    } catch (RejectedExecutionException e) {
      // Closed: the gateway is stopping.
    }
  }

  private void reload(boolean always) {
    byte[] current = fingerprint(file);
    if (!always && Arrays.equals(current, fingerprint)) {
      return; // An event that changed nothing we read (a touch, another file in the directory).
    }
    fingerprint = current;
    GatewayConfig next;
    try {
      next = loader.load(file);
    } catch (ConfigException e) {
      metrics.recordFailure();
      log.error(
          "Config reload refused, the previous config keeps serving; {} problem(s):",
          e.problems().size());
      for (ConfigProblem problem : e.problems()) {
        log.error("{}", problem.format(file.toString()));
      }
      return;
    }
    try {
      apply.accept(next);
    } catch (IllegalArgumentException e) {
      metrics.recordFailure();
      log.error("Config reload refused, the previous config keeps serving: {}", e.getMessage());
      return;
    }
    metrics.recordSuccess();
  }

  /** The file's SHA-256, or {@code null} when it cannot be read (the load will say why). */
  private static byte[] fingerprint(Path file) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Stops watching and handling SIGHUP, and lets a reload in progress finish. */
  @Override
  public synchronized void close() {
    if (hangup != null) {
      hangup.close();
    }
    if (watcher != null) {
      watcher.close();
    }
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
