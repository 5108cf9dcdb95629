package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import io.hookgate.route.Condition;
import java.util.Optional;

/**
 * One entry of a source's {@code routes} (or its {@code publish} shorthand).
 *
 * @param name an optional label, unique within the source, for people reading the file
 * @param when the condition, already compiled; empty for a catch-all route
 * @param exchange the exchange name; empty is the default exchange
 * @param routingKey a template with {@code {source}}, {@code {header:Name}} and {@code
 *     {json:/pointer}} placeholders, already checked by the routing-key parser
 */
public record RouteConfig(
    Optional<String> name, Optional<Condition> when, String exchange, String routingKey) {

  public RouteConfig {
    requireNonNull(name, "name");
    requireNonNull(when, "when");
    requireNonNull(exchange, "exchange");
    requireNonNull(routingKey, "routingKey");
  }

  /** A catch-all route, as {@code publish:} writes it. */
  public static RouteConfig always(String exchange, String routingKey) {
    return new RouteConfig(Optional.empty(), Optional.empty(), exchange, routingKey);
  }
}
