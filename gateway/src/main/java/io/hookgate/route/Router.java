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
  private final boolean readsJson;

  public Router(String source, List<Rule> rules, Unmatched unmatched) {
    this.source = requireNonNull(source, "source");
    this.rules = List.copyOf(rules);
    this.unmatched = requireNonNull(unmatched, "unmatched");
    this.readsJson =
        this.rules.stream()
            .anyMatch(
                rule ->
                    rule.routingKey().readsJson()
                        || rule.when().map(Router::readsJson).orElse(false));
  }

  /** A router with one rule that matches everything, the {@code publish:} shorthand. */
  public Router(String source, String exchange, RoutingKeyTemplate routingKey) {
    this(source, List.of(Rule.always(exchange, routingKey)), Unmatched.REJECT);
  }

  /**
   * Whether routing may read the body as JSON (a rule's condition or routing key), and so parse it
   * into the request's tree: whatever else reads JSON from the request (the event id) should then
   * read that tree too rather than scan the body on its own.
   */
  public boolean readsJson() {
    return readsJson;
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

  private static boolean readsJson(Condition condition) {
    if (condition instanceof Condition.Equals equals) {
      return equals.field() instanceof RequestField.Json;
    }
    if (condition instanceof Condition.In in) {
      return in.field() instanceof RequestField.Json;
    }
    if (condition instanceof Condition.Matches matches) {
      return matches.field() instanceof RequestField.Json;
    }
    if (condition instanceof Condition.Exists exists) {
      return exists.field() instanceof RequestField.Json;
    }
    if (condition instanceof Condition.All all) {
      return all.conditions().stream().anyMatch(Router::readsJson);
    }
    if (condition instanceof Condition.Any any) {
      return any.conditions().stream().anyMatch(Router::readsJson);
    }
    return readsJson(((Condition.Not) condition).condition());
  }
}
