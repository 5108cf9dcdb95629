package io.hookgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector reported a buffer that was never released.
 * Registered for every test class through JUnit's extension auto-detection; the surefire
 * configuration runs tests at the paranoid level so every buffer is tracked.
 */
public final class LeakDetectionExtension implements AfterAllCallback {

  @Override
  public void afterAll(ExtensionContext context) {
    if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID) {
      flushLeakReports();
    }
    String leaks = String.join("\n\n", LeakRecordingAppender.LEAKS);
    LeakRecordingAppender.LEAKS.clear();
    assertThat(leaks).as("Netty leak reports after %s", context.getDisplayName()).isEmpty();
  }

  /**
   * The detector reports a leak only when a collected buffer is noticed during a later allocation,
   * so collect garbage and allocate a few buffers to make it look.
   */
  private static void flushLeakReports() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      for (int i = 0; i < 16; i++) {
        release(PooledByteBufAllocator.DEFAULT.buffer(8));
        release(UnpooledByteBufAllocator.DEFAULT.buffer(8));
      }
    }
  }

  private static void release(ByteBuf buffer) {
    buffer.release();
  }
}
