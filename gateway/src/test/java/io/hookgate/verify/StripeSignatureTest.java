package io.hookgate.verify;

import static io.hookgate.verify.TestRequests.clockAt;
import static io.hookgate.verify.TestRequests.config;
import static io.hookgate.verify.TestRequests.hmacSha256Hex;
import static io.hookgate.verify.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StripeSignatureTest {
  // PROVIDER-VECTORS.md: computed, Stripe publishes no complete vector.
  private static final String SECRET = "It's a Secret to Everybody";
  private static final String BODY = "Hello, World!";
  private static final long T = 1700000000L;
  private static final String V1 =
      "76c83fd0acdf22faed320674fe8e04d528cfe8a17905e720a9611e40677c03b7";

  private final SignatureVerifier verifier =
      SignatureVerifiers.create(config("stripe", SECRET), clockAt(T));

  private Verdict verify(String signatureHeader) {
    return verifier.verify(request(BODY, "Stripe-Signature", signatureHeader));
  }

  @Test
  void acceptsComputedVector() {
    assertThat(verify("t=1700000000,v1=" + V1)).isEqualTo(Verdict.VALID);
  }

  @Test
  void acceptsUppercaseHexAndAnyOrderOfElements() {
    assertThat(verify("v1=" + V1.toUpperCase() + ",t=1700000000")).isEqualTo(Verdict.VALID);
  }

  @Test
  void acceptsAnyOfSeveralV1Signatures() {
    String other = hmacSha256Hex("an older secret", T + "." + BODY);

    assertThat(verify("t=1700000000,v1=" + other + ",v1=" + V1)).isEqualTo(Verdict.VALID);
    assertThat(verify("t=1700000000,v1=" + V1 + ",v1=" + other)).isEqualTo(Verdict.VALID);
    assertThat(verify("t=1700000000,v1=nothex,v1=" + V1)).isEqualTo(Verdict.VALID);
  }

  @Test
  void findsTheGenuineV1AmongManyAndCarriesNoSignatureIntoTheNextRequest() {
    String forged = ",v1=" + "ab".repeat(32);
    String many = "t=1700000000" + forged.repeat(20) + ",v1=" + V1;

    // The verifier reuses per-thread buffers: a request after a genuine one must be judged on its
    // own signatures only, and after one that grew the buffers, as before.
    assertThat(verify(many)).isEqualTo(Verdict.VALID);
    assertThat(verify("t=1700000000")).isEqualTo(Verdict.INVALID);
    assertThat(verify("t=1700000000,v1=nothex")).isEqualTo(Verdict.INVALID);
    assertThat(verify("t=1700000000" + forged)).isEqualTo(Verdict.INVALID);
    assertThat(verify("t=1700000000,v1=" + V1)).isEqualTo(Verdict.VALID);
  }

  @Test
  void acceptsSecondSecretDuringRotation() {
    SignatureVerifier rotating =
        SignatureVerifiers.create(config("stripe", "whsec_new", SECRET), clockAt(T));

    assertThat(rotating.verify(request(BODY, "Stripe-Signature", "t=1700000000,v1=" + V1)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void usesTheWhsecSecretAsLiteralKey() {
    String secret = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
    SignatureVerifier whsec = SignatureVerifiers.create(config("stripe", secret), clockAt(T));
    String literal = hmacSha256Hex(secret, T + "." + BODY);

    assertThat(whsec.verify(request(BODY, "Stripe-Signature", "t=1700000000,v1=" + literal)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void neverAcceptsV0AloneEvenWhenItIsAGoodMac() {
    assertThat(verify("t=1700000000,v0=" + V1)).isEqualTo(Verdict.INVALID);
    assertThat(verify("t=1700000000,v0=" + V1 + ",v1=" + "00".repeat(32)))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void rejectsDuplicateTimestamp() {
    assertThat(verify("t=1700000000,t=1700000000,v1=" + V1)).isEqualTo(Verdict.INVALID);
    assertThat(verify("t=1700000000,v1=" + V1 + ",t=1800000000")).isEqualTo(Verdict.INVALID);
  }

  @Test
  void rejectsTamperedTimestampAsInvalidNotStale() {
    assertThat(verify("t=1700000001,v1=" + V1)).isEqualTo(Verdict.INVALID);
  }

  @Test
  void rejectsTamperedBody() {
    assertThat(
            verifier.verify(request("Hello, World!!", "Stripe-Signature", "t=1700000000,v1=" + V1)))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void rejectsMalformedHeaders() {
    String[] malformed = {
      "v1=" + V1,
      "t=1700000000",
      "t=,v1=" + V1,
      "t=+1700000000,v1=" + V1,
      "t=1700000000.0,v1=" + V1,
      "t=abc,v1=" + V1,
      "t=1700000000,v1=" + V1.substring(2),
      "t=1700000000,v1=" + V1 + "0",
      "t=1700000000,v1=",
      "t=1700000000,v1",
      "garbage",
      ",,,",
      "=",
      "t=1700000000, v1=" + V1
    };

    for (String header : malformed) {
      assertThat(verify(header)).as(header).isEqualTo(Verdict.INVALID);
    }
  }

  @Test
  void reportsMissingHeader() {
    assertThat(verifier.verify(request(BODY))).isEqualTo(Verdict.MISSING);
    assertThat(verify("")).isEqualTo(Verdict.MISSING);
  }

  @Test
  void acceptsTimestampsJustInsideToleranceInBothDirections() {
    for (Duration offset : new Duration[] {Duration.ofMinutes(5), Duration.ofMinutes(-5)}) {
      SignatureVerifier atEdge =
          SignatureVerifiers.create(config("stripe", SECRET), clockAt(T, offset));

      assertThat(atEdge.verify(request(BODY, "Stripe-Signature", "t=1700000000,v1=" + V1)))
          .as("now = t %s", offset)
          .isEqualTo(Verdict.VALID);
    }
  }

  @Test
  void rejectsTimestampsJustOutsideToleranceInBothDirectionsAsStale() {
    Duration justOver = Duration.ofMinutes(5).plusMillis(1);
    for (Duration offset : new Duration[] {justOver, justOver.negated()}) {
      SignatureVerifier outside =
          SignatureVerifiers.create(config("stripe", SECRET), clockAt(T, offset));

      assertThat(outside.verify(request(BODY, "Stripe-Signature", "t=1700000000,v1=" + V1)))
          .as("now = t %s", offset)
          .isEqualTo(Verdict.STALE);
    }
  }

  @Test
  void reportsForgedStaleRequestAsInvalidNotStale() {
    SignatureVerifier later =
        SignatureVerifiers.create(config("stripe", SECRET), clockAt(T, Duration.ofHours(1)));
    String forged = hmacSha256Hex("not the secret", T + "." + BODY);

    assertThat(later.verify(request(BODY, "Stripe-Signature", "t=1700000000,v1=" + forged)))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void treatsAbsurdlyDistantSignedTimestampAsStale() {
    String t = "999999999999999";
    String signature = hmacSha256Hex(SECRET, t + "." + BODY);

    assertThat(verify("t=" + t + ",v1=" + signature)).isEqualTo(Verdict.STALE);
    assertThat(verify("t=0,v1=" + hmacSha256Hex(SECRET, "0." + BODY))).isEqualTo(Verdict.STALE);
  }
}
