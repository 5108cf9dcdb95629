package io.hookgate.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hookgate.config.VerifyConfig;
import io.hookgate.request.Headers;
import io.hookgate.request.WebhookRequest;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Requests, clocks and reference MACs for the verifier tests. The MACs are computed in one shot
 * over the whole signed text, independently of the streaming code under test.
 */
final class TestRequests {
  static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  private TestRequests() {}

  /** A request with {@code body} and header name/value pairs. */
  static WebhookRequest request(String body, String... headerPairs) {
    return request(body.getBytes(UTF_8), headerPairs);
  }

  static WebhookRequest request(byte[] body, String... headerPairs) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    return new WebhookRequest(
        Headers.of(headers), body, InetAddress.getLoopbackAddress(), Instant.EPOCH);
  }

  /** A clock stopped at {@code epochSeconds} plus {@code offset}. */
  static Clock clockAt(long epochSeconds, Duration offset) {
    return Clock.fixed(Instant.ofEpochSecond(epochSeconds).plus(offset), ZoneOffset.UTC);
  }

  static Clock clockAt(long epochSeconds) {
    return clockAt(epochSeconds, Duration.ZERO);
  }

  static VerifyConfig config(String scheme, String... secrets) {
    return new VerifyConfig(scheme, List.of(secrets), FIVE_MINUTES, Optional.empty());
  }

  static byte[] hmac(String algorithm, byte[] key, byte[] text) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(text);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String hmacSha256Hex(String secret, String text) {
    return HexFormat.of()
        .formatHex(hmac("HmacSHA256", secret.getBytes(UTF_8), text.getBytes(UTF_8)));
  }
}
