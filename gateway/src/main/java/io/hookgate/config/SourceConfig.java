package io.hookgate.config;

import io.hookgate.address.CidrAllowlist;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One webhook sender.
 *
 * @param name the key under {@code sources}, used in metrics and the {@code x-source} header
 * @param path the exact request path that reaches this source
 * @param allow addresses that may post here ({@link CidrAllowlist#ANY} when absent)
 * @param verify how signatures are checked
 * @param eventId where the event id is found; empty means the scheme's preset
 * @param publish where accepted events go
 * @param maxBody largest body for this source in bytes; empty means {@code server.max-body}
 * @param rateLimit how many verified requests per period are admitted; empty means no limit
 */
public record SourceConfig(
    String name,
    String path,
    CidrAllowlist allow,
    VerifyConfig verify,
    Optional<String> eventId,
    PublishConfig publish,
    OptionalLong maxBody,
    Optional<RateLimitConfig> rateLimit) {

  /** A source bound by {@code server.max-body}, without a rate limit. */
  public SourceConfig(
      String name,
      String path,
      CidrAllowlist allow,
      VerifyConfig verify,
      Optional<String> eventId,
      PublishConfig publish) {
    this(name, path, allow, verify, eventId, publish, OptionalLong.empty(), Optional.empty());
  }
}
