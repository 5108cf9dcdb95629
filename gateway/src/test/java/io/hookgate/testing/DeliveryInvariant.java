package io.hookgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.hookgate.testing.WebhookLoad.Attempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The promise every fault test checks by draining the queue: every event id answered 2xx is in the
 * queue, and an id is there twice only if some copy of it got a non-2xx answer or none at all.
 */
public final class DeliveryInvariant {

  /**
   * What the queue held.
   *
   * @param delivered ids answered 2xx
   * @param queued distinct ids in the queue
   * @param duplicated ids in the queue more than once
   * @param messages every message drained
   */
  public record Summary(int delivered, int queued, int duplicated, List<GetResponse> messages) {
    public Summary {
      messages = List.copyOf(messages);
    }
  }

  private DeliveryInvariant() {}

  /** Drains {@code broker}'s queue and asserts the invariant over {@code attempts}. */
  public static Summary check(List<Attempt> attempts, TestBroker broker) throws Exception {
    Set<String> sent = attempts.stream().map(Attempt::id).collect(Collectors.toSet());
    Set<String> delivered =
        attempts.stream().filter(Attempt::delivered).map(Attempt::id).collect(Collectors.toSet());
    Set<String> notDelivered =
        attempts.stream()
            .filter(attempt -> !attempt.delivered())
            .map(Attempt::id)
            .collect(Collectors.toSet());
    Map<String, Integer> copies = new HashMap<>();
    List<GetResponse> drained = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (GetResponse message : broker.drainAvailable()) {
                drained.add(message);
                copies.merge(message.getProps().getMessageId(), 1, Integer::sum);
              }
              assertThat(copies.keySet())
                  .as("every event id answered 2xx is in the queue")
                  .containsAll(delivered);
            });
    // Publishes that timed out may still land a moment later; they only add copies to check.
    for (GetResponse message : broker.drainAvailable()) {
      drained.add(message);
      copies.merge(message.getProps().getMessageId(), 1, Integer::sum);
    }
    assertThat(sent).as("nothing in the queue that was never sent").containsAll(copies.keySet());
    Set<String> duplicated =
        copies.entrySet().stream()
            .filter(entry -> entry.getValue() > 1)
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    assertThat(notDelivered)
        .as("an id is in the queue twice only if some copy of it got a non-2xx or no answer")
        .containsAll(duplicated);
    return new Summary(delivered.size(), copies.size(), duplicated.size(), drained);
  }

  /**
   * Every attempt that was not delivered was answered 503 with {@code Retry-After}: the fast "send
   * it again" of DESIGN.md. With {@code someExpected}, the fault must have refused at least one
   * attempt, so the check cannot pass on a run the fault never touched.
   */
  public static void checkFailuresAre503(List<Attempt> attempts, boolean someExpected) {
    List<Attempt> failed = attempts.stream().filter(a -> !a.delivered()).toList();
    if (someExpected) {
      assertThat(failed).as("attempts the fault refused").isNotEmpty();
    }
    assertThat(failed)
        .allSatisfy(
            a -> {
              assertThat(a.status()).as("failed attempt %s", a).isEqualTo(503);
              assertThat(a.retryAfter()).as("Retry-After of %s", a).isNotNull();
            });
  }
}
