package io.hookgate.verify;

import static io.hookgate.verify.TestRequests.FIVE_MINUTES;
import static io.hookgate.verify.TestRequests.clockAt;
import static io.hookgate.verify.TestRequests.hmac;
import static io.hookgate.verify.TestRequests.request;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookgate.config.VerifyConfig;
import io.hookgate.config.VerifyConfig.GenericHmac;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GenericHmacSignatureTest {
  private static final String SECRET = "in-house secret";
  private static final String BODY = "{\"order\":42}";
  private static final long T = 1700000000L;

  private static SignatureVerifier verifier(GenericHmac settings, Clock clock, String... secrets) {
    return SignatureVerifiers.create(
        new VerifyConfig("hmac", List.of(secrets), FIVE_MINUTES, Optional.of(settings)), clock);
  }

  private static GenericHmac untimed(String algorithm, String encoding, String prefix) {
    return new GenericHmac("X-Signature", algorithm, encoding, prefix, Optional.empty(), "{body}");
  }

  private static GenericHmac timed(String signedText) {
    return new GenericHmac(
        "X-Signature", "sha256", "hex", "", Optional.of("X-Timestamp"), signedText);
  }

  private static byte[] mac(String jcaName, String text) {
    return hmac(jcaName, SECRET.getBytes(UTF_8), text.getBytes(UTF_8));
  }

  @Test
  void acceptsSha1Hex() {
    SignatureVerifier sha1 = verifier(untimed("sha1", "hex", ""), Clock.systemUTC(), SECRET);
    String signature = HexFormat.of().formatHex(mac("HmacSHA1", BODY));

    assertThat(sha1.verify(request(BODY, "X-Signature", signature))).isEqualTo(Verdict.VALID);
    assertThat(sha1.verify(request(BODY, "X-Signature", signature.toUpperCase())))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void acceptsSha512Base64() {
    SignatureVerifier sha512 = verifier(untimed("sha512", "base64", ""), Clock.systemUTC(), SECRET);
    String signature = Base64.getEncoder().encodeToString(mac("HmacSHA512", BODY));

    assertThat(sha512.verify(request(BODY, "X-Signature", signature))).isEqualTo(Verdict.VALID);
  }

  @Test
  void rejectsSha256MacWhereSha512IsConfigured() {
    SignatureVerifier sha512 = verifier(untimed("sha512", "base64", ""), Clock.systemUTC(), SECRET);
    String sha256 = Base64.getEncoder().encodeToString(mac("HmacSHA256", BODY));

    assertThat(sha512.verify(request(BODY, "X-Signature", sha256))).isEqualTo(Verdict.INVALID);
  }

  @Test
  void stripsPrefixAndRejectsSignatureWithoutIt() {
    SignatureVerifier prefixed =
        verifier(untimed("sha256", "hex", "sha256="), Clock.systemUTC(), "other", SECRET);
    String hex = HexFormat.of().formatHex(mac("HmacSHA256", BODY));

    assertThat(prefixed.verify(request(BODY, "X-Signature", "sha256=" + hex)))
        .isEqualTo(Verdict.VALID);
    assertThat(prefixed.verify(request(BODY, "X-Signature", hex))).isEqualTo(Verdict.INVALID);
    assertThat(prefixed.verify(request(BODY, "X-Signature", "SHA256=" + hex)))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void signsTimestampWhereTheTemplatePutsIt() {
    SignatureVerifier before = verifier(timed("{timestamp}.{body}"), clockAt(T), SECRET);
    SignatureVerifier after = verifier(timed("{body}|ts={timestamp}"), clockAt(T), SECRET);
    String beforeSig = HexFormat.of().formatHex(mac("HmacSHA256", T + "." + BODY));
    String afterSig = HexFormat.of().formatHex(mac("HmacSHA256", BODY + "|ts=" + T));

    assertThat(before.verify(request(BODY, "X-Signature", beforeSig, "X-Timestamp", "" + T)))
        .isEqualTo(Verdict.VALID);
    assertThat(after.verify(request(BODY, "X-Signature", afterSig, "X-Timestamp", "" + T)))
        .isEqualTo(Verdict.VALID);
    assertThat(after.verify(request(BODY, "X-Signature", afterSig, "X-Timestamp", "" + (T + 1))))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void signsNonAsciiTemplateTextAsUtf8AndTimestampsRepeatedInIt() {
    SignatureVerifier v = verifier(timed("v→{timestamp}:{body}:{timestamp}"), clockAt(T), SECRET);
    String signature = HexFormat.of().formatHex(mac("HmacSHA256", "v→" + T + ":" + BODY + ":" + T));

    assertThat(v.verify(request(BODY, "X-Signature", signature, "X-Timestamp", "" + T)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void appliesReplayWindowBothWays() {
    String signature = HexFormat.of().formatHex(mac("HmacSHA256", T + "." + BODY));
    Duration over = FIVE_MINUTES.plusMillis(1);

    for (Duration offset : new Duration[] {FIVE_MINUTES, FIVE_MINUTES.negated()}) {
      SignatureVerifier v = verifier(timed("{timestamp}.{body}"), clockAt(T, offset), SECRET);
      assertThat(v.verify(request(BODY, "X-Signature", signature, "X-Timestamp", "" + T)))
          .isEqualTo(Verdict.VALID);
    }
    for (Duration offset : new Duration[] {over, over.negated()}) {
      SignatureVerifier v = verifier(timed("{timestamp}.{body}"), clockAt(T, offset), SECRET);
      assertThat(v.verify(request(BODY, "X-Signature", signature, "X-Timestamp", "" + T)))
          .isEqualTo(Verdict.STALE);
    }
  }

  @Test
  void reportsMissingTimestampAndRejectsNonNumericOne() {
    SignatureVerifier v = verifier(timed("{timestamp}.{body}"), clockAt(T), SECRET);
    String signature = HexFormat.of().formatHex(mac("HmacSHA256", T + "." + BODY));

    assertThat(v.verify(request(BODY, "X-Signature", signature))).isEqualTo(Verdict.MISSING);
    assertThat(v.verify(request(BODY, "X-Signature", signature, "X-Timestamp", "soon")))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void rejectsBadEncodings() {
    SignatureVerifier hex = verifier(untimed("sha256", "hex", ""), Clock.systemUTC(), SECRET);
    SignatureVerifier base64 = verifier(untimed("sha256", "base64", ""), Clock.systemUTC(), SECRET);
    byte[] mac = mac("HmacSHA256", BODY);

    assertThat(hex.verify(request(BODY, "X-Signature", Base64.getEncoder().encodeToString(mac))))
        .isEqualTo(Verdict.INVALID);
    assertThat(base64.verify(request(BODY, "X-Signature", HexFormat.of().formatHex(mac))))
        .isEqualTo(Verdict.INVALID);
    assertThat(base64.verify(request(BODY, "X-Signature", "@@@@"))).isEqualTo(Verdict.INVALID);
  }

  @Test
  void refusesTemplatesThatLeaveBodyOrTimestampUnsigned() {
    GenericHmac[] unusable = {
      untimedWith("{timestamp}"),
      untimedWith("{body}{body}"),
      untimedWith("{timestamp}.{body}"),
      timed("{body}"),
      timed("{timestamp}")
    };

    for (GenericHmac settings : unusable) {
      assertThatThrownBy(() -> verifier(settings, Clock.systemUTC(), SECRET))
          .as(settings.signedText())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("signedText");
    }
  }

  @Test
  void refusesUnknownAlgorithmEncodingOrEmptyHeader() {
    GenericHmac md5 = untimed("md5", "hex", "");
    GenericHmac base32 = untimed("sha256", "base32", "");
    GenericHmac noHeader = new GenericHmac(" ", "sha256", "hex", "", Optional.empty(), "{body}");

    assertThatThrownBy(() -> verifier(md5, Clock.systemUTC(), SECRET))
        .hasMessageContaining("hmac.algorithm");
    assertThatThrownBy(() -> verifier(base32, Clock.systemUTC(), SECRET))
        .hasMessageContaining("hmac.encoding");
    assertThatThrownBy(() -> verifier(noHeader, Clock.systemUTC(), SECRET))
        .hasMessageContaining("hmac.header");
  }

  private static GenericHmac untimedWith(String signedText) {
    return new GenericHmac("X-Signature", "sha256", "hex", "", Optional.empty(), signedText);
  }
}
