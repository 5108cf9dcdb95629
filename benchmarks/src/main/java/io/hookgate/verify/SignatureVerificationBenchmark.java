package io.hookgate.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hookgate.config.VerifyConfig;
import io.hookgate.config.VerifyConfig.GenericHmac;
import io.hookgate.request.WebhookRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signature verification of every scheme beside its floor: the JDK's raw {@link Mac} over the same
 * bytes the scheme signs. Verification should cost within 10% of its floor and allocate nothing
 * that grows with the body (check {@code gc.alloc.rate.norm} with {@code -prof gc}).
 *
 * <p>{@link #rawMac} is the floor of the scheme it is run with: an HMAC-SHA256 {@code Mac} keyed in
 * {@code @Setup}, fed per operation the signed bytes before the body (prepared in {@code @Setup}:
 * Stripe's {@code "{t}."}, Slack's {@code "v0:{ts}:"}, Standard Webhooks' {@code "{id}.{ts}."}, the
 * generic {@code hmac} scheme's {@code "{timestamp}."}; nothing for GitHub and Shopify) and then
 * the body, its result compared with the expected MAC by {@link MessageDigest#isEqual} and checked.
 * {@link #hmac} is the same with the MAC {@link #verify} computes, hookgate's {@link Hmac}, which
 * does not hash the two key blocks again for every MAC as {@code Mac} does: everything {@link
 * #verify} does beyond {@link #hmac} (reading headers, decoding the signature, building the signed
 * prefix from header text, the replay window) is its own overhead. GitLab's token is not a MAC of
 * the body: its floor is the JDK's SHA-256 of the token, which is what its verifier compares, and
 * neither grows with the body; {@link #hmac} is that floor again for it.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SignatureVerificationBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureVerificationBenchmark {
  private static final String SECRET = "It's a Secret to Everybody";
  private static final long SIGNED_AT = 1_700_000_000L;
  private static final String TIMESTAMP = Long.toString(SIGNED_AT);
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(SIGNED_AT), ZoneOffset.UTC);

  /** The body alone, shared by every scheme and its floor. */
  @State(Scope.Benchmark)
  public static class Body {
    @Param({"1024", "16384", "262144"})
    public int size;

    byte[] bytes;

    @Setup
    public void setUp() {
      bytes = new byte[size];
      new Random(size).nextBytes(bytes);
    }
  }

  /**
   * A correctly signed request of one scheme over {@link Body}, and that scheme's floor; one per
   * thread, so that runs with {@code -t} above 1 hold: {@code Mac} and {@code Hmac} are not
   * thread-safe.
   */
  @State(Scope.Thread)
  public static class Signed {
    @Param({"github", "stripe", "slack", "shopify", "standard-webhooks", "gitlab", "hmac"})
    public String scheme;

    SignatureVerifier verifier;
    WebhookRequest request;
    byte[] body;

    /** The floor's HMAC-SHA256, keyed; {@code null} for GitLab, whose floor is {@link #sha256}. */
    Mac mac;

    /** The same key's {@link Hmac}, as the verifier computes it; {@code null} for GitLab. */
    Hmac own;

    /** Where {@link #own} writes its MAC. */
    byte[] ownResult;

    /** What the scheme signs before the body, as bytes; empty when it signs the body alone. */
    byte[] signedPrefix;

    /** GitLab's floor: SHA-256 of {@link #token}. */
    MessageDigest sha256;

    byte[] token;

    /** The floor's expected result. */
    byte[] expected;

    @Setup
    public void setUp(Body body) throws GeneralSecurityException {
      this.body = body.bytes;
      byte[] key = SECRET.getBytes(UTF_8);
      String secret = SECRET;
      Optional<GenericHmac> hmac = Optional.empty();
      String prefix = "";
      Map<String, String> headers;
      switch (scheme) {
        case "github" ->
            headers = Map.of("X-Hub-Signature-256", "sha256=" + hex(mac(key, prefix, body.bytes)));
        case "stripe" -> {
          prefix = TIMESTAMP + ".";
          headers =
              Map.of(
                  "Stripe-Signature",
                  "t=" + TIMESTAMP + ",v1=" + hex(mac(key, prefix, body.bytes)));
        }
        case "slack" -> {
          prefix = "v0:" + TIMESTAMP + ":";
          headers =
              Map.of(
                  "X-Slack-Request-Timestamp",
                  TIMESTAMP,
                  "X-Slack-Signature",
                  "v0=" + hex(mac(key, prefix, body.bytes)));
        }
        case "shopify" ->
            headers = Map.of("X-Shopify-Hmac-Sha256", base64(mac(key, prefix, body.bytes)));
        case "standard-webhooks" -> {
          secret = "whsec_" + Base64.getEncoder().encodeToString(key);
          String id = "msg_2LJ8yVoVs8RpbS5dXGBXvHw5u0u";
          prefix = id + "." + TIMESTAMP + ".";
          headers =
              Map.of(
                  "webhook-id",
                  id,
                  "webhook-timestamp",
                  TIMESTAMP,
                  "webhook-signature",
                  "v1," + base64(mac(key, prefix, body.bytes)));
        }
        case "gitlab" -> headers = Map.of("X-Gitlab-Token", SECRET);
        case "hmac" -> {
          hmac =
              Optional.of(
                  new GenericHmac(
                      "X-Signature",
                      "sha256",
                      "hex",
                      "v1=",
                      Optional.of("X-Timestamp"),
                      "{timestamp}.{body}"));
          prefix = TIMESTAMP + ".";
          headers =
              Map.of(
                  "X-Timestamp",
                  TIMESTAMP,
                  "X-Signature",
                  "v1=" + hex(mac(key, prefix, body.bytes)));
        }
        default -> throw new IllegalArgumentException(scheme);
      }
      if (scheme.equals("gitlab")) {
        sha256 = MessageDigest.getInstance("SHA-256");
        token = SECRET.getBytes(UTF_8);
        expected = sha256.digest(token);
      } else {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        signedPrefix = prefix.getBytes(UTF_8);
        expected = mac(key, prefix, body.bytes);
        own = new Hmac("HmacSHA256", key);
        ownResult = new byte[own.length()];
      }
      verifier =
          SignatureVerifiers.create(
              new VerifyConfig(scheme, List.of(secret), Duration.ofMinutes(5), hmac), CLOCK);
      // Netty's header map, as WebhookHandler hands it over: the lookup cost is the real one.
      // HttpRequestDecoder keys it by AsciiString copies of the names (splitHeaderName), whose
      // comparison with the verifiers' AsciiString names is bytewise, so it is keyed so here.
      HttpHeaders http = new DefaultHttpHeaders();
      headers.forEach((name, value) -> http.add(AsciiString.of(name), value));
      http.add(AsciiString.of("Content-Type"), "application/json")
          .add(AsciiString.of("User-Agent"), "benchmark/1.0");
      request =
          new WebhookRequest(
              http::get,
              body.bytes,
              InetAddress.getLoopbackAddress(),
              Instant.ofEpochSecond(SIGNED_AT));
      if (verifier.verify(request) != Verdict.VALID) {
        throw new IllegalStateException(scheme + ": the benchmark's signature does not verify");
      }
    }
  }

  /**
   * The floor of the scheme: the JDK's HMAC-SHA256 of the bytes the scheme signs (prefix, then
   * body) with an initialized {@link Mac}, compared in constant time; for GitLab, SHA-256 of the
   * token.
   */
  @Benchmark
  public boolean rawMac(Signed signed) {
    byte[] actual;
    if (signed.mac == null) {
      actual = signed.sha256.digest(signed.token);
    } else {
      if (signed.signedPrefix.length > 0) {
        signed.mac.update(signed.signedPrefix);
      }
      actual = signed.mac.doFinal(signed.body);
    }
    boolean equal = MessageDigest.isEqual(actual, signed.expected);
    if (!equal) {
      throw new IllegalStateException(signed.scheme + ": the floor's MAC changed");
    }
    return equal;
  }

  /**
   * The scheme's MAC as its verifier computes it, with hookgate's {@link Hmac} over the same bytes
   * as {@link #rawMac}, compared in constant time; for GitLab, {@link #rawMac} again.
   */
  @Benchmark
  public boolean hmac(Signed signed) {
    if (signed.own == null) {
      return rawMac(signed);
    }
    int prefix = signed.signedPrefix.length;
    signed.own.compute(signed.signedPrefix, prefix, signed.body, prefix, signed.ownResult);
    boolean equal = MessageDigest.isEqual(signed.ownResult, signed.expected);
    if (!equal) {
      throw new IllegalStateException(signed.scheme + ": Hmac differs from the floor's MAC");
    }
    return equal;
  }

  /** A scheme's whole verification: headers, decoding, MAC, comparison, timestamp. */
  @Benchmark
  public Verdict verify(Signed signed) {
    Verdict verdict = signed.verifier.verify(signed.request);
    if (verdict != Verdict.VALID) {
      throw new IllegalStateException(signed.scheme + " verified as " + verdict);
    }
    return verdict;
  }

  /**
   * The fixed parts every {@link #verify} pays beside its floor, whatever the body: one header read
   * from Netty's map, and a 32-byte signature decoded from hex and from base64.
   */
  @State(Scope.Thread)
  public static class Parts {
    final HttpHeaders headers = new DefaultHttpHeaders();
    final AsciiString name = AsciiString.cached("X-Hub-Signature-256");
    final String hex = "sha256=" + hex(new byte[32]).replace('0', 'a');
    final String base64 = "v1," + base64(new byte[32]).replace('A', 'Q');
    final byte[] out = new byte[32];

    @Setup
    public void setUp() {
      headers
          .add(AsciiString.of("X-Hub-Signature-256"), hex)
          .add(AsciiString.of("Content-Type"), "application/json");
    }
  }

  /** Reading one header by a constant name, as every verifier does once per header it needs. */
  @Benchmark
  public String headerLookup(Parts parts) {
    String value = parts.headers.get(parts.name);
    if (value != parts.hex) {
      throw new IllegalStateException("wrong header");
    }
    return value;
  }

  /** Decoding GitHub's, Stripe's, Slack's signature: 64 hex digits. */
  @Benchmark
  public byte[] hexDecode(Parts parts) {
    if (!SignatureEncoding.HEX.decode(parts.hex, 7, parts.hex.length(), parts.out)) {
      throw new IllegalStateException("hex did not decode");
    }
    return parts.out;
  }

  /** Decoding Shopify's, Standard Webhooks' signature: 44 base64 digits. */
  @Benchmark
  public byte[] base64Decode(Parts parts) {
    if (!SignatureEncoding.BASE64.decode(parts.base64, 3, parts.base64.length(), parts.out)) {
      throw new IllegalStateException("base64 did not decode");
    }
    return parts.out;
  }

  private static byte[] mac(byte[] key, String head, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(head.getBytes(UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
