package io.hookgate.verify;

import static io.hookgate.verify.TestRequests.config;
import static io.hookgate.verify.TestRequests.hmac;
import static io.hookgate.verify.TestRequests.hmacSha256Hex;
import static io.hookgate.verify.TestRequests.request;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class GitHubSignatureTest {
  // PROVIDER-VECTORS.md, from GitHub's "Validating webhook deliveries".
  private static final String SECRET = "It's a Secret to Everybody";
  private static final String BODY = "Hello, World!";
  private static final String SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  private final SignatureVerifier verifier =
      SignatureVerifiers.create(config("github", SECRET), Clock.systemUTC());

  @Test
  void acceptsPublishedVector() {
    assertThat(verifier.verify(request(BODY, "X-Hub-Signature-256", SIGNATURE)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void acceptsUppercaseHex() {
    String upper = "sha256=" + SIGNATURE.substring("sha256=".length()).toUpperCase();

    assertThat(verifier.verify(request(BODY, "X-Hub-Signature-256", upper)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void acceptsSecondSecretDuringRotation() {
    SignatureVerifier rotating =
        SignatureVerifiers.create(config("github", "the new secret", SECRET), Clock.systemUTC());

    assertThat(rotating.verify(request(BODY, "X-Hub-Signature-256", SIGNATURE)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void rejectsTamperedBody() {
    assertThat(verifier.verify(request("Hello, World?", "X-Hub-Signature-256", SIGNATURE)))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void verifiesRawBytesNotReserializedText() {
    byte[] body = {'{', '"', 'a', '"', ':', ' ', '1', '}', (byte) 0xff, (byte) 0x00};
    String signature =
        "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", SECRET.getBytes(UTF_8), body));

    assertThat(verifier.verify(request(body, "X-Hub-Signature-256", signature)))
        .isEqualTo(Verdict.VALID);
    assertThat(verifier.verify(request("{\"a\":1}", "X-Hub-Signature-256", signature)))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void treatsLegacySha1SignatureAloneAsMissing() {
    String sha1 =
        "sha1="
            + HexFormat.of()
                .formatHex(hmac("HmacSHA1", SECRET.getBytes(UTF_8), BODY.getBytes(UTF_8)));

    assertThat(verifier.verify(request(BODY, "X-Hub-Signature", sha1))).isEqualTo(Verdict.MISSING);
  }

  @Test
  void rejectsSha1SignatureInTheSha256Header() {
    String sha1 =
        "sha1="
            + HexFormat.of()
                .formatHex(hmac("HmacSHA1", SECRET.getBytes(UTF_8), BODY.getBytes(UTF_8)));

    assertThat(verifier.verify(request(BODY, "X-Hub-Signature-256", sha1)))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void reportsMissingOrEmptyHeaderAsMissing() {
    assertThat(verifier.verify(request(BODY))).isEqualTo(Verdict.MISSING);
    assertThat(verifier.verify(request(BODY, "X-Hub-Signature-256", "")))
        .isEqualTo(Verdict.MISSING);
  }

  @Test
  void rejectsSignatureWithoutPrefix() {
    String bare = SIGNATURE.substring("sha256=".length());

    assertThat(verifier.verify(request(BODY, "X-Hub-Signature-256", bare)))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void rejectsMalformedOrWrongLengthHexWithoutThrowing() {
    String hex = SIGNATURE.substring("sha256=".length());
    String[] malformed = {
      "sha256=",
      "sha256=" + hex.substring(2),
      "sha256=" + hex.substring(1),
      "sha256=" + hex + "00",
      "sha256=" + hex.substring(2) + "zz",
      "sha256=" + hex.replace('7', '７'),
      "sha256= " + hex,
      "sha256=" + hmacSha256Hex("wrong secret", BODY)
    };

    for (String signature : malformed) {
      assertThat(verifier.verify(request(BODY, "X-Hub-Signature-256", signature)))
          .as(signature)
          .isEqualTo(Verdict.INVALID);
    }
  }
}
