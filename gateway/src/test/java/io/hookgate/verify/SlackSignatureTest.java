package io.hookgate.verify;

import static io.hookgate.verify.TestRequests.clockAt;
import static io.hookgate.verify.TestRequests.config;
import static io.hookgate.verify.TestRequests.hmacSha256Hex;
import static io.hookgate.verify.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlackSignatureTest {
  // PROVIDER-VECTORS.md, from Slack's docs and python-slack-sdk's signature tests.
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final long TIMESTAMP = 1531420618L;
  private static final String BODY =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
          + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
          + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554"
          + "%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  private static final String SIGNATURE =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

  private static SignatureVerifier verifierAt(Clock clock) {
    return SignatureVerifiers.create(config("slack", SECRET), clock);
  }

  private static Verdict verify(SignatureVerifier verifier, String timestamp, String signature) {
    return verifier.verify(
        request(BODY, "X-Slack-Request-Timestamp", timestamp, "X-Slack-Signature", signature));
  }

  @Test
  void acceptsPublishedVectorWithClockAtItsTimestamp() {
    assertThat(verify(verifierAt(clockAt(TIMESTAMP)), "1531420618", SIGNATURE))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void rejectsPublishedVectorAsStaleToday() {
    assertThat(verify(verifierAt(Clock.systemUTC()), "1531420618", SIGNATURE))
        .isEqualTo(Verdict.STALE);
  }

  @Test
  void acceptsJustInsideAndRejectsJustOutsideToleranceBothWays() {
    Duration tolerance = Duration.ofMinutes(5);
    Duration over = tolerance.plusMillis(1);

    assertThat(verify(verifierAt(clockAt(TIMESTAMP, tolerance)), "1531420618", SIGNATURE))
        .isEqualTo(Verdict.VALID);
    assertThat(verify(verifierAt(clockAt(TIMESTAMP, tolerance.negated())), "1531420618", SIGNATURE))
        .isEqualTo(Verdict.VALID);
    assertThat(verify(verifierAt(clockAt(TIMESTAMP, over)), "1531420618", SIGNATURE))
        .isEqualTo(Verdict.STALE);
    assertThat(verify(verifierAt(clockAt(TIMESTAMP, over.negated())), "1531420618", SIGNATURE))
        .isEqualTo(Verdict.STALE);
  }

  @Test
  void rejectsTamperedTimestampAsInvalid() {
    SignatureVerifier verifier = verifierAt(clockAt(TIMESTAMP));

    assertThat(verify(verifier, "1531420619", SIGNATURE)).isEqualTo(Verdict.INVALID);
    assertThat(verify(verifier, "01531420618", SIGNATURE)).isEqualTo(Verdict.INVALID);
  }

  @Test
  void rejectsNonNumericTimestamp() {
    SignatureVerifier verifier = verifierAt(clockAt(TIMESTAMP));

    for (String timestamp : new String[] {"abc", "-1531420618", "1531420618.5", " 1531420618"}) {
      assertThat(verify(verifier, timestamp, SIGNATURE)).as(timestamp).isEqualTo(Verdict.INVALID);
    }
  }

  @Test
  void rejectsOtherSignatureVersions() {
    String v1 = "v1=" + SIGNATURE.substring(3);

    assertThat(verify(verifierAt(clockAt(TIMESTAMP)), "1531420618", v1)).isEqualTo(Verdict.INVALID);
  }

  @Test
  void acceptsUppercaseHexAndSecondSecret() {
    SignatureVerifier rotating =
        SignatureVerifiers.create(config("slack", "new-secret", SECRET), clockAt(TIMESTAMP));
    String upper = "v0=" + SIGNATURE.substring(3).toUpperCase();

    assertThat(verify(rotating, "1531420618", upper)).isEqualTo(Verdict.VALID);
  }

  @Test
  void reportsMissingSignatureOrTimestamp() {
    SignatureVerifier verifier = verifierAt(clockAt(TIMESTAMP));

    assertThat(verifier.verify(request(BODY, "X-Slack-Signature", SIGNATURE)))
        .isEqualTo(Verdict.MISSING);
    assertThat(verifier.verify(request(BODY, "X-Slack-Request-Timestamp", "1531420618")))
        .isEqualTo(Verdict.MISSING);
  }

  @Test
  void rejectsTamperedBodyAndWrongSecret() {
    SignatureVerifier verifier = verifierAt(clockAt(TIMESTAMP));
    String wrong = "v0=" + hmacSha256Hex("other", "v0:1531420618:" + BODY);

    assertThat(
            verifier.verify(
                request(
                    BODY + "&x=1",
                    "X-Slack-Request-Timestamp",
                    "1531420618",
                    "X-Slack-Signature",
                    SIGNATURE)))
        .isEqualTo(Verdict.INVALID);
    assertThat(verify(verifier, "1531420618", wrong)).isEqualTo(Verdict.INVALID);
  }
}
