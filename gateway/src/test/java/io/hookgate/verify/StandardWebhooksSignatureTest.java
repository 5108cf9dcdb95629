package io.hookgate.verify;

import static io.hookgate.verify.TestRequests.clockAt;
import static io.hookgate.verify.TestRequests.config;
import static io.hookgate.verify.TestRequests.hmac;
import static io.hookgate.verify.TestRequests.request;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StandardWebhooksSignatureTest {
  // PROVIDER-VECTORS.md, from the reference libraries' tests (Go: TestWebhookSign).
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330L;
  private static final String BODY = "{\"test\": 2432232314}";
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private final SignatureVerifier verifier =
      SignatureVerifiers.create(config("standard-webhooks", SECRET), clockAt(TIMESTAMP));

  private static String sign(byte[] key, String id, String timestamp, String body) {
    byte[] mac = hmac("HmacSHA256", key, (id + "." + timestamp + "." + body).getBytes(UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(mac);
  }

  private static byte[] key() {
    return Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
  }

  private Verdict verify(String id, String timestamp, String signature, String body) {
    return verifier.verify(
        request(
            body,
            "webhook-id",
            id,
            "webhook-timestamp",
            timestamp,
            "webhook-signature",
            signature));
  }

  @Test
  void acceptsPublishedVector() {
    assertThat(verify(ID, "1614265330", SIGNATURE, BODY)).isEqualTo(Verdict.VALID);
  }

  @Test
  void rejectsSignatureMadeWithTheLiteralWhsecStringAsKey() {
    String literalKeySignature = sign(SECRET.getBytes(UTF_8), ID, "1614265330", BODY);

    assertThat(literalKeySignature).isNotEqualTo(SIGNATURE);
    assertThat(verify(ID, "1614265330", literalKeySignature, BODY)).isEqualTo(Verdict.INVALID);
  }

  @Test
  void acceptsSecretWithoutWhsecPrefixAsBase64() {
    SignatureVerifier unprefixed =
        SignatureVerifiers.create(
            config("standard-webhooks", SECRET.substring("whsec_".length())), clockAt(TIMESTAMP));

    assertThat(
            unprefixed.verify(
                request(
                    BODY,
                    "webhook-id",
                    ID,
                    "webhook-timestamp",
                    "1614265330",
                    "webhook-signature",
                    SIGNATURE)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void acceptsSvixHeaderSpelling() {
    Verdict verdict =
        verifier.verify(
            request(
                BODY, "svix-id", ID, "svix-timestamp", "1614265330", "svix-signature", SIGNATURE));

    assertThat(verdict).isEqualTo(Verdict.VALID);
  }

  @Test
  void neverMixesHeaderSpellings() {
    // Were the svix-* signature accepted with this webhook-id, the deduplicated id (webhook-id)
    // would not be the signed one (svix-id).
    Verdict verdict =
        verifier.verify(
            request(
                BODY,
                "webhook-id",
                "msg_forged",
                "svix-id",
                ID,
                "svix-timestamp",
                "1614265330",
                "svix-signature",
                SIGNATURE));

    assertThat(verdict).isEqualTo(Verdict.MISSING);
  }

  @Test
  void acceptsAnyV1InASpaceSeparatedList() {
    String other = sign("another key of 24 bytes!".getBytes(UTF_8), ID, "1614265330", BODY);
    String list =
        other + " v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5Bdq== v1,!!! " + SIGNATURE;

    assertThat(verify(ID, "1614265330", list, BODY)).isEqualTo(Verdict.VALID);
    assertThat(verify(ID, "1614265330", SIGNATURE + "  " + other, BODY)).isEqualTo(Verdict.VALID);
  }

  @Test
  void signsIdsOfAnyLength() {
    String longId = "msg_" + "x".repeat(2000);
    String signature = sign(key(), longId, "1614265330", BODY);

    // The signed head is built in a per-thread buffer; one this long grows it for one request.
    assertThat(verify(longId, "1614265330", signature, BODY)).isEqualTo(Verdict.VALID);
    assertThat(verify(longId, "1614265330", SIGNATURE, BODY)).isEqualTo(Verdict.INVALID);
    assertThat(verify(ID, "1614265330", SIGNATURE, BODY)).isEqualTo(Verdict.VALID);
  }

  @Test
  void ignoresOtherSignatureVersions() {
    String asymmetricOnly = "v1a," + SIGNATURE.substring(3);

    assertThat(verify(ID, "1614265330", asymmetricOnly, BODY)).isEqualTo(Verdict.INVALID);
    assertThat(verify(ID, "1614265330", "v2," + SIGNATURE.substring(3), BODY))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void acceptsSecondSecretDuringRotation() {
    String fresh = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
    SignatureVerifier rotating =
        SignatureVerifiers.create(config("standard-webhooks", fresh, SECRET), clockAt(TIMESTAMP));

    assertThat(
            rotating.verify(
                request(
                    BODY,
                    "webhook-id",
                    ID,
                    "webhook-timestamp",
                    "1614265330",
                    "webhook-signature",
                    SIGNATURE)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void rejectsTamperedIdTimestampOrBody() {
    assertThat(verify("msg_other", "1614265330", SIGNATURE, BODY)).isEqualTo(Verdict.INVALID);
    assertThat(verify(ID, "1614265331", SIGNATURE, BODY)).isEqualTo(Verdict.INVALID);
    assertThat(verify(ID, "1614265330", SIGNATURE, "{\"test\":2432232314}"))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void rejectsIdWithDotThatWouldShiftTheSignedFields() {
    // The sender signed id "a", timestamp T and a body starting "T+60.". Moving "T." into the id
    // gives the same signed text with another id (dedup bypass) and a later timestamp.
    String later = String.valueOf(TIMESTAMP + 60);
    String signature = sign(key(), "a", "1614265330", later + ".{}");

    assertThat(verify("a", "1614265330", signature, later + ".{}")).isEqualTo(Verdict.VALID);
    assertThat(verify("a.1614265330", later, signature, "{}")).isEqualTo(Verdict.INVALID);
  }

  @Test
  void rejectsMalformedSignaturesAndTimestamps() {
    assertThat(verify(ID, "1614265330", "v1,", BODY)).isEqualTo(Verdict.INVALID);
    assertThat(verify(ID, "1614265330", "v1,####", BODY)).isEqualTo(Verdict.INVALID);
    assertThat(verify(ID, "1614265330", SIGNATURE.substring(0, 20), BODY))
        .isEqualTo(Verdict.INVALID);
    assertThat(verify(ID, "1614265330", "v1 " + SIGNATURE.substring(3), BODY))
        .isEqualTo(Verdict.INVALID);
    assertThat(verify(ID, "1614265330x", SIGNATURE, BODY)).isEqualTo(Verdict.INVALID);
    assertThat(verify(ID, "2021-02-25T15:02:10Z", SIGNATURE, BODY)).isEqualTo(Verdict.INVALID);
  }

  @Test
  void reportsAnyMissingHeader() {
    assertThat(verifier.verify(request(BODY))).isEqualTo(Verdict.MISSING);
    assertThat(verifier.verify(request(BODY, "webhook-id", ID, "webhook-signature", SIGNATURE)))
        .isEqualTo(Verdict.MISSING);
    assertThat(verifier.verify(request(BODY, "webhook-id", ID, "webhook-timestamp", "1614265330")))
        .isEqualTo(Verdict.MISSING);
    assertThat(
            verifier.verify(
                request(BODY, "webhook-timestamp", "1614265330", "webhook-signature", SIGNATURE)))
        .isEqualTo(Verdict.MISSING);
  }

  @Test
  void acceptsJustInsideAndRejectsJustOutsideToleranceBothWays() {
    Duration tolerance = Duration.ofMinutes(5);
    Duration over = tolerance.plusMillis(1);
    Duration[] inside = {tolerance, tolerance.negated()};
    Duration[] outside = {over, over.negated()};

    for (Duration offset : inside) {
      assertThat(verdictWithClockAt(offset)).as("now = t %s", offset).isEqualTo(Verdict.VALID);
    }
    for (Duration offset : outside) {
      assertThat(verdictWithClockAt(offset)).as("now = t %s", offset).isEqualTo(Verdict.STALE);
    }
  }

  private static Verdict verdictWithClockAt(Duration offset) {
    SignatureVerifier verifier =
        SignatureVerifiers.create(config("standard-webhooks", SECRET), clockAt(TIMESTAMP, offset));
    return verifier.verify(
        request(
            BODY,
            "webhook-id",
            ID,
            "webhook-timestamp",
            "1614265330",
            "webhook-signature",
            SIGNATURE));
  }
}
