package io.hookgate.intake;

import static java.util.Objects.requireNonNull;

import io.hookgate.address.CidrAllowlist;
import io.hookgate.config.SourceConfig;
import io.hookgate.route.RequestField;
import io.hookgate.route.Router;
import io.hookgate.route.RoutingKeyTemplate;
import io.hookgate.verify.SignatureVerifier;
import io.hookgate.verify.SignatureVerifiers;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;

/**
 * A configured webhook sender, compiled once at load time into everything the request path needs,
 * so nothing on that path parses configuration.
 *
 * @param name the source's name
 * @param path the request path that reaches it
 * @param allow client addresses admitted
 * @param verifier the signature check
 * @param eventId where to look for the event id, tried in order; empty when there is none
 * @param router where accepted events go
 * @param maxBody largest body in bytes; empty means the server's limit
 * @param rateLimit admits verified requests at the source's rate ({@link RateLimit#NONE}: all)
 */
public record Source(
    String name,
    String path,
    CidrAllowlist allow,
    SignatureVerifier verifier,
    List<RequestField> eventId,
    Router router,
    OptionalLong maxBody,
    RateLimit rateLimit) {

  public Source {
    requireNonNull(name, "name");
    requireNonNull(path, "path");
    requireNonNull(allow, "allow");
    requireNonNull(verifier, "verifier");
    eventId = List.copyOf(eventId);
    requireNonNull(router, "router");
    requireNonNull(maxBody, "maxBody");
    requireNonNull(rateLimit, "rateLimit");
  }

  /** A source bound by the server's body limit, without a rate limit. */
  public Source(
      String name,
      String path,
      CidrAllowlist allow,
      SignatureVerifier verifier,
      List<RequestField> eventId,
      Router router) {
    this(name, path, allow, verifier, eventId, router, OptionalLong.empty(), RateLimit.NONE);
  }

  /**
   * Compiles a validated source config: builds the verifier and keys, parses the event-id location
   * (or takes the scheme's preset) and the routing-key template.
   *
   * @throws IllegalArgumentException when the config cannot work (the loader reports these first,
   *     with line numbers; this is the last line of defence)
   */
  public static Source of(SourceConfig config, Clock clock) {
    List<String> eventId =
        config
            .eventId()
            .map(List::of)
            .orElseGet(() -> SignatureVerifiers.defaultEventIds(config.verify().scheme()));
    return new Source(
        config.name(),
        config.path(),
        config.allow(),
        SignatureVerifiers.create(config.verify(), clock),
        eventId.stream().map(RequestField::parse).toList(),
        new Router(
            config.name(),
            config.publish().exchange(),
            RoutingKeyTemplate.parse(config.publish().routingKey())),
        config.maxBody(),
        config.rateLimit().map(RateLimit::of).orElse(RateLimit.NONE));
  }
}
