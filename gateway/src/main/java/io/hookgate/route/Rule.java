package io.hookgate.route;

import static java.util.Objects.requireNonNull;

import io.hookgate.request.WebhookRequest;
import java.util.Optional;

/**
 * One entry of a source's {@code routes}: when {@code when} holds (always, when it is empty), the
 * event goes to {@code exchange} with the rendered {@code routingKey}.
 */
public record Rule(Optional<Condition> when, String exchange, RoutingKeyTemplate routingKey) {
  public Rule {
    requireNonNull(when, "when");
    requireNonNull(exchange, "exchange");
    requireNonNull(routingKey, "routingKey");
  }

  /** A rule without a condition: it matches every request. */
  public static Rule always(String exchange, RoutingKeyTemplate routingKey) {
    return new Rule(Optional.empty(), exchange, routingKey);
  }

  /** Whether this rule decides where {@code request} goes. */
  public boolean applies(WebhookRequest request) {
    return when.isEmpty() || when.get().test(request);
  }
}
