package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import io.hookgate.address.CidrAllowlist;
import io.hookgate.route.Unmatched;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One webhook sender.
 *
 * @param name the key under {@code sources}, used in metrics and the {@code x-source} header
 * @param path the exact request path that reaches this source
 * @param allow addresses that may post here ({@link CidrAllowlist#ANY} when absent)
 * @param verify how signatures are checked
 * @param eventId where the event id is found; empty means the scheme's preset
 * @param routes where accepted events go, tried in order; {@code publish:} is one route
 * @param unmatched what to answer when no route matches ({@link Unmatched#REJECT} when the last
 *     route matches everything, which makes it moot)
 * @param forwardHeaders request headers copied into the published message's headers
 * @param maxBody largest body for this source in bytes; empty means {@code server.max-body}
 * @param rateLimit how many verified requests per period are admitted; empty means no limit
 * @param acceptEncoding compressions whose bodies are inflated; any other {@code Content-Encoding}
 *     (and any, when empty) is answered 415
 */
public record SourceConfig(
    String name,
    String path,
    CidrAllowlist allow,
    VerifyConfig verify,
    Optional<String> eventId,
    List<RouteConfig> routes,
    Unmatched unmatched,
    List<String> forwardHeaders,
    OptionalLong maxBody,
    Optional<RateLimitConfig> rateLimit,
    Set<ContentCoding> acceptEncoding) {

  /**
   * Message headers hookgate sets itself ({@code x-hookgate-seq} is the publisher's), which {@code
   * forward-headers} therefore cannot name.
   */
  public static final List<String> RESERVED_HEADERS =
      List.of("x-source", "x-event-id", "x-received-at", "x-hookgate-seq");

  public SourceConfig {
    routes = List.copyOf(routes);
    forwardHeaders = List.copyOf(forwardHeaders);
    requireNonNull(maxBody, "maxBody");
    requireNonNull(rateLimit, "rateLimit");
    acceptEncoding = Set.copyOf(acceptEncoding);
  }

  /** A source bound by {@code server.max-body}, without a rate limit, taking no compression. */
  public SourceConfig(
      String name,
      String path,
      CidrAllowlist allow,
      VerifyConfig verify,
      Optional<String> eventId,
      List<RouteConfig> routes,
      Unmatched unmatched,
      List<String> forwardHeaders) {
    this(
        name,
        path,
        allow,
        verify,
        eventId,
        routes,
        unmatched,
        forwardHeaders,
        OptionalLong.empty(),
        Optional.empty(),
        Set.of());
  }
}
