package io.hookgate.route;

import static java.util.Objects.requireNonNull;

import io.hookgate.request.WebhookRequest;

/** Decides the exchange and routing key of a source's accepted events. */
public final class Router {
  private final String source;
  private final String exchange;
  private final RoutingKeyTemplate routingKey;

  public Router(String source, String exchange, RoutingKeyTemplate routingKey) {
    this.source = requireNonNull(source, "source");
    this.exchange = requireNonNull(exchange, "exchange");
    this.routingKey = requireNonNull(routingKey, "routingKey");
  }

  /**
   * Whether routing reads the body as JSON: then the body's tree is parsed once for routing, and
   * whatever else reads JSON from the request (the event id) should read that tree too.
   */
  public boolean readsJson() {
    return routingKey.readsJson();
  }

  /** The route for {@code request}. */
  public Route route(WebhookRequest request) {
    return new Route(exchange, routingKey.render(source, request));
  }
}
