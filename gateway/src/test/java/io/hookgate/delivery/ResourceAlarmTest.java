package io.hookgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.DeliveryInvariant;
import io.hookgate.testing.MemoryAlarm;
import io.hookgate.testing.ProxiedGateway;
import io.hookgate.testing.Teardown;
import io.hookgate.testing.TestBroker;
import io.hookgate.testing.WebhookLoad;
import io.hookgate.testing.WebhookLoad.Attempt;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A memory alarm blocks publishers: the gateway notices {@code connection.blocked}, reports it on
 * {@code /readyz}, refuses at once (503 + Retry-After, no publish attempted) instead of queueing,
 * and serves again when the alarm clears.
 */
class ResourceAlarmTest {
  private static final int SENDERS = 20;
  private static final Pattern UNAVAILABLE =
      Pattern.compile(
          "hookgate_publish_duration_seconds_count\\{result=\"unavailable\",source=\"github\"} (\\d+)");

  private TestBroker broker;
  private ProxiedGateway fixture;
  private WebhookLoad load;

  @RegisterExtension final Teardown teardown = new Teardown();

  @Test
  void memoryAlarmIsRefusedAtOnceReportedByReadinessAndServedAgainWhenCleared() throws Exception {
    broker = teardown.add(TestBroker.withBoundQueue());
    fixture = teardown.add(ProxiedGateway.start(broker, "", "")).awaitReady();
    load = teardown.add(fixture.load(SENDERS));
    await().until(() -> load.count(202) >= 40);

    long refusedBefore = refusedAtOnce();
    try (MemoryAlarm alarm = MemoryAlarm.raise()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(fixture.gateway.admin("/readyz").body())
                      .contains("not_ready")
                      .contains("blocked"));
      long blockedAt = System.nanoTime();
      // Refused without a publish: counted as "unavailable", not as a confirm timeout.
      await().until(() -> refusedAtOnce() - refusedBefore >= SENDERS);
      await().until(() -> load.countSentAfter(blockedAt, 503) >= SENDERS);
      assertThat(load.countSentAfter(blockedAt, 202)).isZero();
    }
    fixture.awaitReady();
    long clearedAt = System.nanoTime();
    await().until(() -> load.countSentAfter(clearedAt, 202) >= 40);

    List<Attempt> attempts = load.stop();
    DeliveryInvariant.checkFailuresAre503(attempts, true);
    DeliveryInvariant.check(attempts, broker);
  }

  private long refusedAtOnce() throws Exception {
    HttpResponse<String> metrics = fixture.gateway.admin("/metrics");
    Matcher matcher = UNAVAILABLE.matcher(metrics.body());
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }
}
