package io.hookgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one source proves a request is its own. Secrets are already expanded from the environment and
 * never printed: {@link #toString()} hides them.
 *
 * @param scheme one of {@code github, stripe, slack, shopify, standard-webhooks, gitlab, hmac}
 * @param secrets one or more secrets; any match passes, which is how rotation works
 * @param tolerance replay window for schemes that carry a signed timestamp, both directions
 * @param hmac settings of the generic {@code hmac} scheme, present only for it
 */
public record VerifyConfig(
    String scheme, List<String> secrets, Duration tolerance, Optional<GenericHmac> hmac) {

  public VerifyConfig {
    secrets = List.copyOf(secrets);
  }

  @Override
  public String toString() {
    return "VerifyConfig[scheme=" + scheme + ", secrets=" + secrets.size() + " hidden]";
  }

  /**
   * The generic scheme for in-house senders.
   *
   * @param header the header holding the signature
   * @param algorithm {@code sha1}, {@code sha256} or {@code sha512}
   * @param encoding {@code hex} or {@code base64}
   * @param prefix text before the encoded signature, e.g. {@code sha256=}; may be empty
   * @param timestampHeader header holding a unix timestamp that is signed too; empty if none
   * @param signedText what is signed, with {@code {timestamp}} and {@code {body}}; {@code {body}}
   *     alone when there is no timestamp
   */
  public record GenericHmac(
      String header,
      String algorithm,
      String encoding,
      String prefix,
      Optional<String> timestampHeader,
      String signedText) {}
}
