package io.hookgate.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test opened, last opened first, after each test, even when the test failed half
 * way: {@code broker = teardown.add(TestBroker.withBoundQueue())}. Every close runs; the first
 * failure is thrown with the others suppressed.
 *
 * <pre>
 * {@literal @}RegisterExtension final Teardown teardown = new Teardown();
 * </pre>
 */
public final class Teardown implements AfterEachCallback {
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Registers {@code resource} to be closed after the test, before what was added earlier. */
  public <T extends AutoCloseable> T add(T resource) {
    opened.push(resource);
    return resource;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception failure = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
