package io.hookgate.verify;

import static io.hookgate.verify.TestRequests.config;
import static io.hookgate.verify.TestRequests.request;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class GitLabTokenTest {
  private final SignatureVerifier verifier =
      SignatureVerifiers.create(config("gitlab", "s3cret-token", "next-token"), Clock.systemUTC());

  private Verdict verify(String token) {
    return verifier.verify(request("{}", "X-Gitlab-Token", token));
  }

  @Test
  void acceptsAnyConfiguredToken() {
    assertThat(verify("s3cret-token")).isEqualTo(Verdict.VALID);
    assertThat(verify("next-token")).isEqualTo(Verdict.VALID);
  }

  @Test
  void rejectsOtherTokens() {
    for (String token : new String[] {"s3cret-toke", "s3cret-token ", "S3CRET-TOKEN", "x", "s"}) {
      assertThat(verify(token)).as(token).isEqualTo(Verdict.INVALID);
    }
  }

  @Test
  void reportsMissingToken() {
    assertThat(verifier.verify(request("{}"))).isEqualTo(Verdict.MISSING);
    assertThat(verify("")).isEqualTo(Verdict.MISSING);
  }

  @Test
  void comparesNonAsciiTokensAsTheBytesOnTheWire() {
    SignatureVerifier accented =
        SignatureVerifiers.create(config("gitlab", "café-clé"), Clock.systemUTC());
    // The HTTP layer hands over each header byte as one char, so UTF-8 "é" arrives as "Ã©".
    String onTheWire = new String("café-clé".getBytes(UTF_8), ISO_8859_1);

    assertThat(accented.verify(request("{}", "X-Gitlab-Token", onTheWire)))
        .isEqualTo(Verdict.VALID);
    assertThat(accented.verify(request("{}", "X-Gitlab-Token", "caf-cl")))
        .isEqualTo(Verdict.INVALID);
  }
}
