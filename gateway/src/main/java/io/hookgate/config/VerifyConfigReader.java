package io.hookgate.config;

import io.hookgate.config.EnvironmentExpander.Expansion;
import io.hookgate.config.VerifyConfig.GenericHmac;
import io.hookgate.route.RequestField;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads a source's {@code verify} section; no message it reports ever contains a secret. */
final class VerifyConfigReader {
  private static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final List<String> HMAC_KEYS =
      List.of("header", "algorithm", "encoding", "prefix", "timestamp-header", "signed-text");
  private static final List<String> KEYS =
      Stream.concat(Stream.of("scheme", "secrets", "secret", "tolerance"), HMAC_KEYS.stream())
          .toList();
  private static final String STANDARD_WEBHOOKS_PREFIX = "whsec_";
  private static final String DEFAULT_SIGNED_TEXT = "{body}";

  private VerifyConfigReader() {}

  static Optional<VerifyConfig> read(YamlValue verify) {
    return verify.section(KEYS).map(VerifyConfigReader::read);
  }

  private static VerifyConfig read(YamlSection section) {
    Optional<String> scheme =
        section.required("scheme").flatMap(v -> v.oneOf("scheme", VerifyConfig.SCHEMES));
    List<String> secrets = secrets(section, scheme.orElse(""));
    Duration tolerance =
        section
            .optional("tolerance")
            .flatMap(v -> v.parsed("a duration", Durations::parse))
            .orElse(DEFAULT_TOLERANCE);
    Optional<GenericHmac> hmac = Optional.empty();
    if (scheme.filter("hmac"::equals).isPresent()) {
      hmac = Optional.of(genericHmac(section));
    } else if (scheme.isPresent()) {
      // Settings that would be ignored are reported: the author believes they take effect.
      for (String key : HMAC_KEYS) {
        section
            .optional(key)
            .ifPresent(
                v ->
                    v.reportAtName(
                        "'" + key + "' applies only to scheme hmac, not " + scheme.get()));
      }
    }
    return new VerifyConfig(scheme.orElse(""), secrets, tolerance, hmac);
  }

  /** {@code secrets}, or a single {@code secret} as a shorthand. */
  private static List<String> secrets(YamlSection section, String scheme) {
    Optional<YamlValue> many = section.optional("secrets");
    Optional<YamlValue> one = section.optional("secret");
    List<YamlValue> items = new ArrayList<>();
    if (many.isPresent()) {
      one.ifPresent(v -> v.reportAtName("use either 'secret' or 'secrets', not both"));
      many.get()
          .list()
          .ifPresent(
              list -> {
                if (list.isEmpty()) {
                  many.get()
                      .reportAtName("at least one secret is required; without one nothing gets in");
                }
                items.addAll(list);
              });
    } else if (one.isPresent()) {
      items.add(one.get());
    } else {
      section.reportMissing("secrets");
    }
    List<String> secrets = new ArrayList<>();
    for (YamlValue item : items) {
      secret(item, scheme).ifPresent(secrets::add);
    }
    return secrets;
  }

  private static Optional<String> secret(YamlValue item, String scheme) {
    Optional<Expansion> text = item.text("a secret string");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String value = text.get().value();
    String origin =
        text.get().variables().isEmpty()
            ? ""
            : " (from environment variable " + String.join(", ", text.get().variables()) + ")";
    if (value.isEmpty()) {
      item.report("empty secret" + origin);
      return Optional.empty();
    }
    if (scheme.equals("standard-webhooks")) {
      Optional<String> problem = standardWebhooksProblem(value);
      if (problem.isPresent()) {
        item.report("secret" + origin + " " + problem.get() + "; the value is not shown");
        return Optional.empty();
      }
    }
    return Optional.of(value);
  }

  /** Standard Webhooks secrets are {@code whsec_} and the base64 of the key bytes. */
  private static Optional<String> standardWebhooksProblem(String secret) {
    if (!secret.startsWith(STANDARD_WEBHOOKS_PREFIX)) {
      return Optional.of("does not start with 'whsec_'");
    }
    try {
      byte[] key = Base64.getDecoder().decode(secret.substring(STANDARD_WEBHOOKS_PREFIX.length()));
      if (key.length == 0) {
        return Optional.of("has no key after 'whsec_'");
      }
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character: part of the secret.
      return Optional.of("is not 'whsec_' followed by valid base64");
    }
    return Optional.empty();
  }

  private static GenericHmac genericHmac(YamlSection section) {
    String header =
        section
            .required("header")
            .flatMap(v -> v.parsed("a header name", RequestField::headerName))
            .orElse("");
    String algorithm =
        section
            .optional("algorithm")
            .flatMap(v -> v.oneOf("algorithm", List.of("sha1", "sha256", "sha512")))
            .orElse("sha256");
    String encoding =
        section
            .optional("encoding")
            .flatMap(v -> v.oneOf("encoding", List.of("hex", "base64")))
            .orElse("hex");
    String prefix = section.optional("prefix").flatMap(YamlValue::string).orElse("");
    Optional<YamlValue> timestampHeaderValue = section.optional("timestamp-header");
    Optional<String> timestampHeader =
        timestampHeaderValue.flatMap(v -> v.parsed("a header name", RequestField::headerName));
    Optional<YamlValue> signedTextValue = section.optional("signed-text");
    Optional<String> signedText =
        signedTextValue.isPresent()
            ? signedTextValue.get().string()
            : Optional.of(DEFAULT_SIGNED_TEXT);
    List<String> problems =
        signedText
            .map(text -> SignedTextSyntax.checkSignedText(text, timestampHeaderValue.isPresent()))
            .orElse(List.of());
    if (!problems.isEmpty()) {
      // The default "{body}" is well formed, so a complaint about it can only concern a timestamp
      // header: then it belongs there.
      YamlValue at = signedTextValue.or(() -> timestampHeaderValue).orElseThrow();
      problems.forEach(at::report);
    }
    return new GenericHmac(
        header,
        algorithm,
        encoding,
        prefix,
        timestampHeader,
        signedText.orElse(DEFAULT_SIGNED_TEXT));
  }
}
