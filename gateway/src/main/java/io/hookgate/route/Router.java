package io.hookgate.route;

import static java.util.Objects.requireNonNull;

import io.hookgate.request.WebhookRequest;
import java.util.List;
import java.util.Optional;

/**
 * Decides the exchange and routing key of a source's accepted events: the first of its rules whose
 * condition holds decides; when none does, {@link #unmatched()} says what to answer.
 */
public final class Router {
  private final String source;
  private final List<Rule> rules;
  private final Unmatched unmatched;

  public Router(String source, List<Rule> rules, Unmatched unmatched) {
    this.source = requireNonNull(source, "source");
    this.rules = List.copyOf(rules);
    this.unmatched = requireNonNull(unmatched, "unmatched");
  }

  /** A router with one rule that matches everything, the {@code publish:} shorthand. */
  public Router(String source, String exchange, RoutingKeyTemplate routingKey) {
    this(source, List.of(Rule.always(exchange, routingKey)), Unmatched.REJECT);
  }

  /** The route for {@code request}, or empty when no rule applies to it. */
  public Optional<Route> route(WebhookRequest request) {
    for (Rule rule : rules) {
      if (rule.applies(request)) {
        return Optional.of(new Route(rule.exchange(), rule.routingKey().render(source, request)));
      }
    }
    return Optional.empty();
  }

  /** What to answer when {@link #route} finds nothing. */
  public Unmatched unmatched() {
    return unmatched;
  }
}
