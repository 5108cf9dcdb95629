package io.hookgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** Proves that a leaked buffer is reported, so the extension cannot pass vacuously. */
class LeakDetectionSelfTest {

  @Test
  void detectorReportsAnUnreleasedBuffer() {
    leak();
    await()
        .until(
            () -> {
              System.gc();
              UnpooledByteBufAllocator.DEFAULT.buffer(8).release();
              return !LeakRecordingAppender.LEAKS.isEmpty();
            });
    assertThat(LeakRecordingAppender.LEAKS.get(0)).contains("LEAK:");
    LeakRecordingAppender.LEAKS.clear();
  }

  private static void leak() {
    PooledByteBufAllocator.DEFAULT.buffer(64).writeLong(42);
  }
}
