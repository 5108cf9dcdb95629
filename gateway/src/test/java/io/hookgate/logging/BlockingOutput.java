package io.hookgate.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/**
 * An output that blocks the log writer in its first write until released, so a test knows the
 * writer holds no queued event and takes none until then; records what was written.
 */
final class BlockingOutput extends OutputStream {
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final ByteArrayOutputStream written = new ByteArrayOutputStream();

  @Override
  public void write(byte[] b, int off, int len) {
    entered.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    written.write(b, off, len);
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }
}
