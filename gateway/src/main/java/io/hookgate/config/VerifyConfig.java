package io.hookgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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

  /** The scheme names a config may use. */
  public static final List<String> SCHEMES =
      List.of("github", "stripe", "slack", "shopify", "standard-webhooks", "gitlab", "hmac");

  /**
   * Headers that carry a signature, a token or other credentials, in any scheme. They are never
   * copied into published messages, whichever scheme a source uses: a consumer has no use for them
   * and a queue is no place for a secret (GitLab's token is the secret itself).
   */
  public static final List<String> SIGNATURE_HEADERS =
      List.of(
          "X-Hub-Signature-256",
          "X-Hub-Signature",
          "Stripe-Signature",
          "X-Slack-Signature",
          "X-Shopify-Hmac-Sha256",
          "webhook-signature",
          "svix-signature",
          "X-Gitlab-Token",
          "Authorization",
          "Proxy-Authorization",
          "Cookie");

  public VerifyConfig {
    secrets = List.copyOf(secrets);
  }

  /** {@link #SIGNATURE_HEADERS} and, for the {@code hmac} scheme, its own signature header. */
  public List<String> signatureHeaders() {
    return hmac.filter(h -> !h.header().isEmpty())
        .map(h -> Stream.concat(SIGNATURE_HEADERS.stream(), Stream.of(h.header())).toList())
        .orElse(SIGNATURE_HEADERS);
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
