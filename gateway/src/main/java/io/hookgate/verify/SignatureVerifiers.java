package io.hookgate.verify;

import static io.hookgate.verify.HeaderHmacVerifier.BODY;
import static io.hookgate.verify.SignatureEncoding.BASE64;
import static io.hookgate.verify.SignatureEncoding.HEX;
import static java.util.Objects.requireNonNull;

import io.hookgate.config.VerifyConfig;
import io.hookgate.config.VerifyConfig.GenericHmac;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@link SignatureVerifier} a source's {@code verify} config asks for, and knows where
 * each scheme's sender puts the event id.
 */
public final class SignatureVerifiers {
  private static final Map<String, String> HMAC_ALGORITHMS =
      Map.of("sha1", "HmacSHA1", "sha256", "HmacSHA256", "sha512", "HmacSHA512");
  private static final Map<String, SignatureEncoding> ENCODINGS =
      Map.of("hex", HEX, "base64", BASE64);

  private SignatureVerifiers() {}

  /**
   * The verifier for {@code config}; all keys are built here, once.
   *
   * @param clock the source of "now" for replay windows (a fixed clock in tests)
   * @throws IllegalArgumentException for an unusable config (unknown scheme, no or an empty secret,
   *     a Standard Webhooks secret that is not base64, bad hmac settings, a non-positive tolerance
   *     for a timestamped scheme); the message names the problem and never contains a secret
   */
  public static SignatureVerifier create(VerifyConfig config, Clock clock) {
    requireNonNull(config, "config");
    requireNonNull(clock, "clock");
    requireNonNull(config.hmac(), "config.hmac");
    String scheme = config.scheme();
    if (scheme == null || !VerifyConfig.SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException(
          "unknown scheme '" + scheme + "', expected one of " + VerifyConfig.SCHEMES);
    }
    List<String> secrets = config.secrets();
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("no secrets: without one, anyone could post");
    }
    for (int i = 0; i < secrets.size(); i++) {
      if (secrets.get(i).isBlank()) {
        throw new IllegalArgumentException("secrets[" + i + "] is empty");
      }
    }
    if (!scheme.equals("hmac") && config.hmac().isPresent()) {
      throw new IllegalArgumentException("hmac settings apply to scheme hmac only, not " + scheme);
    }
    return switch (scheme) {
      // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
      // The legacy SHA-1 X-Hub-Signature is never read, so sending only it yields MISSING.
      case "github" ->
          HeaderHmacVerifier.untimed("X-Hub-Signature-256", "sha256=", HEX, sha256(secrets), BODY);
      case "stripe" ->
          new StripeVerifier(sha256(secrets), new ReplayWindow(clock, config.tolerance()));
      // https://api.slack.com/authentication/verifying-requests-from-slack
      case "slack" ->
          HeaderHmacVerifier.timed(
              "X-Slack-Signature",
              "v0=",
              HEX,
              sha256(secrets),
              "v0:{timestamp}:{body}",
              "X-Slack-Request-Timestamp",
              new ReplayWindow(clock, config.tolerance()));
      // https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook-to-ensure-its-coming-from-shopify
      case "shopify" ->
          HeaderHmacVerifier.untimed("X-Shopify-Hmac-Sha256", "", BASE64, sha256(secrets), BODY);
      case "standard-webhooks" ->
          new StandardWebhooksVerifier(secrets, new ReplayWindow(clock, config.tolerance()));
      case "gitlab" -> new GitLabTokenVerifier(secrets);
      default -> generic(config, clock);
    };
  }

  /**
   * Where the scheme's sender puts the event id, as event-id specs ({@code header:Name} or {@code
   * json:/pointer}) in the order to try: the first that yields a value is the id. Only Standard
   * Webhooks has two ({@code webhook-id}, then Svix's {@code svix-id}), in the same order in which
   * its verifier picks the header spelling, so the id used is always the one that was signed. Empty
   * for {@code hmac}, whose sources must name their event id.
   *
   * @throws IllegalArgumentException for an unknown scheme
   */
  public static List<String> defaultEventIds(String scheme) {
    return switch (requireNonNull(scheme, "scheme")) {
      case "github" -> List.of("header:X-GitHub-Delivery");
      case "stripe" -> List.of("json:/id");
      case "slack" -> List.of("json:/event_id");
      case "shopify" -> List.of("header:X-Shopify-Webhook-Id");
      case "standard-webhooks" -> List.of("header:webhook-id", "header:svix-id");
      // https://docs.gitlab.com/user/project/integrations/webhooks/#delivery-headers
      case "gitlab" -> List.of("header:Idempotency-Key");
      case "hmac" -> List.of();
      default -> throw new IllegalArgumentException("unknown scheme '" + scheme + "'");
    };
  }

  private static HmacKeyring sha256(List<String> secrets) {
    return HmacKeyring.ofSecrets("HmacSHA256", secrets);
  }

  private static SignatureVerifier generic(VerifyConfig config, Clock clock) {
    GenericHmac hmac =
        config
            .hmac()
            .orElseThrow(() -> new IllegalArgumentException("scheme hmac needs hmac settings"));
    if (hmac.header() == null || hmac.header().isBlank()) {
      throw new IllegalArgumentException("hmac.header is empty");
    }
    String algorithm = HMAC_ALGORITHMS.get(lowerCase(hmac.algorithm()));
    if (algorithm == null) {
      throw new IllegalArgumentException(
          "hmac.algorithm must be sha1, sha256 or sha512, not '" + hmac.algorithm() + "'");
    }
    SignatureEncoding encoding = ENCODINGS.get(lowerCase(hmac.encoding()));
    if (encoding == null) {
      throw new IllegalArgumentException(
          "hmac.encoding must be hex or base64, not '" + hmac.encoding() + "'");
    }
    String prefix = hmac.prefix() == null ? "" : hmac.prefix();
    String signedText = requireNonNull(hmac.signedText(), "hmac.signedText");
    HmacKeyring keys = HmacKeyring.ofSecrets(algorithm, config.secrets());
    if (hmac.timestampHeader().isEmpty()) {
      return HeaderHmacVerifier.untimed(hmac.header(), prefix, encoding, keys, signedText);
    }
    String timestampHeader = hmac.timestampHeader().get();
    if (timestampHeader.isBlank()) {
      throw new IllegalArgumentException("hmac.timestampHeader is empty");
    }
    return HeaderHmacVerifier.timed(
        hmac.header(),
        prefix,
        encoding,
        keys,
        signedText,
        timestampHeader,
        new ReplayWindow(clock, config.tolerance()));
  }

  private static String lowerCase(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }
}
