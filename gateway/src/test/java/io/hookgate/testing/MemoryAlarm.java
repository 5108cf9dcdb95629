package io.hookgate.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A memory alarm on the shared local broker, raised by setting a tiny memory high watermark and
 * cleared by putting the previous one back on {@link #close()}: use it in try-with-resources and
 * keep the window short, since every test on the broker is blocked while it lasts.
 */
public final class MemoryAlarm implements AutoCloseable {
  private static final String READ = "vm_memory_monitor:get_vm_memory_high_watermark().";
  private static final String TINY = "0.0000001";

  private final String[] restore;

  private MemoryAlarm(String[] restore) {
    this.restore = restore;
  }

  /** Reads the watermark in force, then raises the alarm. */
  public static MemoryAlarm raise() throws Exception {
    // A watermark this low is another alarm window in progress, not a value to restore later.
    AtomicReference<String> current = new AtomicReference<>();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> !isTiny(current.updateAndGet(ignored -> read())));
    String[] restore = restoreArguments(current.get());
    BrokerControl.run("set_vm_memory_high_watermark", TINY);
    return new MemoryAlarm(restore);
  }

  private static String read() {
    try {
      return BrokerControl.run("eval", READ).trim();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts the previous watermark back, which clears the alarm. */
  @Override
  public void close() throws IOException {
    try {
      BrokerControl.run(restore);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while clearing the memory alarm", e);
    }
  }

  /** {@code 0.4} or {@code {absolute,1073741824}}, as {@code eval} prints them. */
  static String[] restoreArguments(String current) {
    if (current.startsWith("{absolute,")) {
      String bytes = current.substring("{absolute,".length(), current.length() - 1).trim();
      return new String[] {"set_vm_memory_high_watermark", "absolute", bytes};
    }
    Double.parseDouble(current); // Anything else is a format this code does not know: fail.
    return new String[] {"set_vm_memory_high_watermark", current};
  }

  private static boolean isTiny(String current) {
    return !current.startsWith("{") && Double.parseDouble(current) < 0.01;
  }
}
