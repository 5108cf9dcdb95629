package io.hookgate.verify;

import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HmacKeyringTest {

  /**
   * A config reload retires keyrings, while the event-loop threads that verified with them live on.
   * Each thread's scratch must not keep its keyring (and with it the hash states of retired keys)
   * reachable from the thread.
   */
  @Test
  void aRetiredKeyringIsNotKeptByTheThreadsThatUsedIt() {
    WeakReference<HmacKeyring> retired = usedOnThisThread();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              System.gc();
              return retired.get() == null;
            });
  }

  private static WeakReference<HmacKeyring> usedOnThisThread() {
    HmacKeyring keyring = HmacKeyring.ofSecrets("HmacSHA256", List.of("retired secret"));
    keyring.scratch();
    return new WeakReference<>(keyring);
  }
}
