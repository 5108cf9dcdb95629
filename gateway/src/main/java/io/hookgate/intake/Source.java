package io.hookgate.intake;

import static java.util.Objects.requireNonNull;

import io.hookgate.address.CidrAllowlist;
import io.hookgate.config.ContentCoding;
import io.hookgate.config.RouteConfig;
import io.hookgate.config.SourceConfig;
import io.hookgate.route.RequestField;
import io.hookgate.route.Router;
import io.hookgate.route.RoutingKeyTemplate;
import io.hookgate.route.Rule;
import io.hookgate.verify.SignatureVerifier;
import io.hookgate.verify.SignatureVerifiers;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

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
 * @param forwardHeaders request headers copied into the published message, by the same name
 * @param maxBody largest body in bytes; empty means the server's limit
 * @param rateLimit admits verified requests at the source's rate ({@link RateLimit#NONE}: all)
 * @param acceptEncoding the compressions whose bodies are inflated; any other is refused
 */
public record Source(
    String name,
    String path,
    CidrAllowlist allow,
    SignatureVerifier verifier,
    List<RequestField> eventId,
    Router router,
    List<String> forwardHeaders,
    OptionalLong maxBody,
    RateLimit rateLimit,
    Set<ContentCoding> acceptEncoding) {

  public Source {
    requireNonNull(name, "name");
    requireNonNull(path, "path");
    requireNonNull(allow, "allow");
    requireNonNull(verifier, "verifier");
    eventId = List.copyOf(eventId);
    requireNonNull(router, "router");
    forwardHeaders = List.copyOf(forwardHeaders);
    requireNonNull(maxBody, "maxBody");
    requireNonNull(rateLimit, "rateLimit");
    acceptEncoding = Set.copyOf(acceptEncoding);
  }

  /** A source without a rate limit, taking no compression. */
  public Source(
      String name,
      String path,
      CidrAllowlist allow,
      SignatureVerifier verifier,
      List<RequestField> eventId,
      Router router,
      List<String> forwardHeaders,
      OptionalLong maxBody) {
    this(
        name,
        path,
        allow,
        verifier,
        eventId,
        router,
        forwardHeaders,
        maxBody,
        RateLimit.NONE,
        Set.of());
  }

  /**
   * A source bound by the server's body limit that forwards no request headers, unlimited, taking
   * no compression.
   */
  public Source(
      String name,
      String path,
      CidrAllowlist allow,
      SignatureVerifier verifier,
      List<RequestField> eventId,
      Router router) {
    this(name, path, allow, verifier, eventId, router, List.of(), OptionalLong.empty());
  }

  /**
   * Compiles a validated source config: builds the verifier and keys, parses the event-id location
   * (or takes the scheme's preset), the route conditions and the routing-key templates.
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
    List<String> signatureHeaders = config.verify().signatureHeaders();
    return new Source(
        config.name(),
        config.path(),
        config.allow(),
        SignatureVerifiers.create(config.verify(), clock),
        eventId.stream().map(RequestField::parse).toList(),
        new Router(
            config.name(), config.routes().stream().map(Source::rule).toList(), config.unmatched()),
        // The loader refuses these already; a signature must never reach a queue, whatever built
        // the config.
        config.forwardHeaders().stream()
            .filter(header -> signatureHeaders.stream().noneMatch(header::equalsIgnoreCase))
            .toList(),
        config.maxBody(),
        config.rateLimit().map(RateLimit::of).orElse(RateLimit.NONE),
        config.acceptEncoding());
  }

  private static Rule rule(RouteConfig route) {
    return new Rule(route.when(), route.exchange(), RoutingKeyTemplate.parse(route.routingKey()));
  }
}
