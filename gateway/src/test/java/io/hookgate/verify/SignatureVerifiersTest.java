package io.hookgate.verify;

import static io.hookgate.verify.TestRequests.FIVE_MINUTES;
import static io.hookgate.verify.TestRequests.config;
import static io.hookgate.verify.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookgate.config.VerifyConfig;
import io.hookgate.config.VerifyConfig.GenericHmac;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SignatureVerifiersTest {
  private static final String SECRET = "It's a Secret to Everybody";
  private static final GenericHmac HMAC =
      new GenericHmac("X-Signature", "sha256", "hex", "", Optional.empty(), "{body}");

  private static VerifyConfig withSecrets(String scheme, List<String> secrets) {
    Optional<GenericHmac> hmac = scheme.equals("hmac") ? Optional.of(HMAC) : Optional.empty();
    return new VerifyConfig(scheme, secrets, FIVE_MINUTES, hmac);
  }

  @Test
  void buildsAVerifierForEveryScheme() {
    String standardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    for (String scheme : VerifyConfig.SCHEMES) {
      String secret = scheme.equals("standard-webhooks") ? standardSecret : SECRET;

      SignatureVerifier verifier =
          SignatureVerifiers.create(withSecrets(scheme, List.of(secret)), Clock.systemUTC());

      assertThat(verifier.verify(request("{}"))).as(scheme).isEqualTo(Verdict.MISSING);
    }
  }

  @Test
  void refusesUnknownOrNullScheme() {
    assertThatThrownBy(
            () -> SignatureVerifiers.create(config("bitbucket", SECRET), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown scheme 'bitbucket'")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> SignatureVerifiers.create(config(null, SECRET), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignatureVerifiers.create(config("GitHub", SECRET), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesMissingOrEmptySecretsForEveryScheme() {
    for (String scheme : VerifyConfig.SCHEMES) {
      assertThatThrownBy(
              () -> SignatureVerifiers.create(withSecrets(scheme, List.of()), Clock.systemUTC()))
          .as(scheme)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no secrets");
      assertThatThrownBy(
              () ->
                  SignatureVerifiers.create(
                      withSecrets(scheme, List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", " ")),
                      Clock.systemUTC()))
          .as(scheme)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("secrets[1] is empty");
    }
  }

  @Test
  void refusesStandardWebhooksSecretThatIsNotBase64WithoutEchoingIt() {
    String notBase64 = "whsec_not*base64!";
    String bareText = "my plain password";

    for (String secret : new String[] {notBase64, bareText}) {
      assertThatThrownBy(
              () ->
                  SignatureVerifiers.create(
                      config("standard-webhooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", secret),
                      Clock.systemUTC()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("secrets[1]")
          .hasMessageNotContaining(secret)
          .hasMessageNotContaining("MfKQ9r8G");
    }
  }

  @Test
  void refusesStandardWebhooksSecretThatDecodesToNothing() {
    assertThatThrownBy(
            () ->
                SignatureVerifiers.create(config("standard-webhooks", "whsec_"), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secrets[0] is not a Standard Webhooks secret");
  }

  @Test
  void refusesHmacSchemeWithoutSettingsAndSettingsOnOtherSchemes() {
    assertThatThrownBy(() -> SignatureVerifiers.create(config("hmac", SECRET), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs hmac settings")
        .hasMessageNotContaining(SECRET);
    VerifyConfig githubWithHmac =
        new VerifyConfig("github", List.of(SECRET), FIVE_MINUTES, Optional.of(HMAC));
    assertThatThrownBy(() -> SignatureVerifiers.create(githubWithHmac, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hmac settings apply to scheme hmac only");
  }

  @Test
  void refusesNonPositiveToleranceForTimestampedSchemes() {
    for (String scheme : List.of("stripe", "slack")) {
      for (Duration tolerance : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), null}) {
        VerifyConfig config =
            new VerifyConfig(scheme, List.of(SECRET), tolerance, Optional.empty());

        assertThatThrownBy(() -> SignatureVerifiers.create(config, Clock.systemUTC()))
            .as("%s %s", scheme, tolerance)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("tolerance")
            .hasMessageNotContaining(SECRET);
      }
    }
  }

  @Test
  void neverPrintsSecretsInConfigToString() {
    assertThat(config("github", SECRET).toString()).doesNotContain(SECRET);
  }

  @Test
  void presetsEventIdPerScheme() {
    assertThat(SignatureVerifiers.defaultEventIds("github"))
        .containsExactly("header:X-GitHub-Delivery");
    assertThat(SignatureVerifiers.defaultEventIds("stripe")).containsExactly("json:/id");
    assertThat(SignatureVerifiers.defaultEventIds("slack")).containsExactly("json:/event_id");
    assertThat(SignatureVerifiers.defaultEventIds("shopify"))
        .containsExactly("header:X-Shopify-Webhook-Id");
    assertThat(SignatureVerifiers.defaultEventIds("gitlab"))
        .containsExactly("header:Idempotency-Key");
    assertThat(SignatureVerifiers.defaultEventIds("hmac")).isEmpty();
  }

  @Test
  void presetsStandardWebhooksIdsInTheOrderTheVerifierPicksHeaders() {
    assertThat(SignatureVerifiers.defaultEventIds("standard-webhooks"))
        .containsExactly("header:webhook-id", "header:svix-id");
  }

  @Test
  void refusesEventIdPresetForUnknownScheme() {
    assertThatThrownBy(() -> SignatureVerifiers.defaultEventIds("svix"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givesTheSameVerdictsFromManyThreadsAtOnce() throws Exception {
    SignatureVerifier verifier =
        SignatureVerifiers.create(config("github", "other", SECRET), Clock.systemUTC());
    String good = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int task = 0; task < 8; task++) {
        results.add(
            pool.submit(
                () -> {
                  int valid = 0;
                  for (int i = 0; i < 500; i++) {
                    String body = i % 2 == 0 ? "Hello, World!" : "Hello, World?";
                    if (verifier.verify(request(body, "X-Hub-Signature-256", good))
                        == Verdict.VALID) {
                      valid++;
                    }
                  }
                  return valid;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(250);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
