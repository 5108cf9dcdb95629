package io.hookgate.reload;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config file's directory with the JDK's {@link WatchService} on a daemon thread of its
 * own and calls back once a burst of changes has settled: editors and deploy tools write a file in
 * several steps (truncate, write, rename), and Kubernetes swaps a symlink beside it, so every event
 * in the directory counts and the caller compares the file's content to decide.
 */
final class ConfigFileWatcher implements AutoCloseable {
  /** Quiet time after the last event before the change is reported. */
  static final long SETTLE_MILLIS = 300;

  private static final Logger log = LoggerFactory.getLogger(ConfigFileWatcher.class);

  private final WatchService service;
  private final Thread thread;

  private ConfigFileWatcher(WatchService service, Runnable onChange) {
    this.service = service;
    this.thread = new Thread(() -> run(onChange), "hookgate-config-watch");
    this.thread.setDaemon(true);
  }

  static ConfigFileWatcher start(Path file, Runnable onChange) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    WatchService service = directory.getFileSystem().newWatchService();
    try {
      directory.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
    ConfigFileWatcher watcher = new ConfigFileWatcher(service, onChange);
    watcher.thread.start();
    return watcher;
  }

  private void run(Runnable onChange) {
    try {
      while (true) {
        drain(service.take());
        WatchKey more;
        while ((more = service.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
          drain(more);
        }
        onChange.run();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // Closed.
    } catch (RuntimeException e) {
      log.error("Stopped watching the config file; SIGHUP still reloads it", e);
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      log.debug("Closing the config watch service failed", e);
    }
    thread.interrupt();
  }
}
