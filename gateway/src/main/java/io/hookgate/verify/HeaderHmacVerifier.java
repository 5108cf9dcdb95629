package io.hookgate.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.hookgate.request.WebhookRequest;
import java.util.regex.Pattern;

/**
 * Verifies an HMAC carried alone in one header, optionally over a signed timestamp header: the
 * GitHub, Shopify and Slack schemes and the generic {@code hmac} scheme are all this shape.
 */
final class HeaderHmacVerifier implements SignatureVerifier {
  static final String BODY = "{body}";
  static final String TIMESTAMP = "{timestamp}";

  private final String header;
  private final String prefix;
  private final SignatureEncoding encoding;
  private final HmacKeyring keys;
  private final String timestampHeader;
  private final ReplayWindow window;
  private final byte[] head;
  private final byte[] tail;

  /** {@code head} and {@code tail} cut at each {@code {timestamp}}, for {@link #signed}. */
  private final String[] headParts;

  private final String[] tailParts;

  /** Whether the signed text is ASCII, so a timestamp can be spliced in one byte per char. */
  private final boolean ascii;

  private HeaderHmacVerifier(
      String header,
      String prefix,
      SignatureEncoding encoding,
      HmacKeyring keys,
      String signedText,
      String timestampHeader,
      ReplayWindow window) {
    this.header = requireNonNull(header, "header");
    this.prefix = requireNonNull(prefix, "prefix");
    this.encoding = requireNonNull(encoding, "encoding");
    this.keys = requireNonNull(keys, "keys");
    this.timestampHeader = timestampHeader;
    this.window = window;
    int body = signedText.indexOf(BODY);
    if (body < 0 || signedText.indexOf(BODY, body + 1) >= 0) {
      throw new IllegalArgumentException("signedText must contain {body} exactly once");
    }
    if (signedText.contains(TIMESTAMP) != (timestampHeader != null)) {
      // A timestamp that is checked but not signed could be moved freely; one that is signed but
      // never read would make every signature fail.
      throw new IllegalArgumentException(
          "signedText must contain {timestamp} exactly when a timestamp header is set");
    }
    String headTemplate = signedText.substring(0, body);
    String tailTemplate = signedText.substring(body + BODY.length());
    this.head = headTemplate.getBytes(UTF_8);
    this.tail = tailTemplate.getBytes(UTF_8);
    this.headParts = headTemplate.split(Pattern.quote(TIMESTAMP), -1);
    this.tailParts = tailTemplate.split(Pattern.quote(TIMESTAMP), -1);
    this.ascii = signedText.chars().allMatch(c -> c < 0x80);
  }

  /** A signature over {@code signedText} with no timestamp, e.g. GitHub's over the body alone. */
  static HeaderHmacVerifier untimed(
      String header, String prefix, SignatureEncoding encoding, HmacKeyring keys, String signed) {
    return new HeaderHmacVerifier(header, prefix, encoding, keys, signed, null, null);
  }

  /** A signature over {@code signedText} whose {@code {timestamp}} comes from a header. */
  static HeaderHmacVerifier timed(
      String header,
      String prefix,
      SignatureEncoding encoding,
      HmacKeyring keys,
      String signedText,
      String timestampHeader,
      ReplayWindow window) {
    return new HeaderHmacVerifier(
        header,
        prefix,
        encoding,
        keys,
        signedText,
        requireNonNull(timestampHeader, "timestampHeader"),
        requireNonNull(window, "window"));
  }

  @Override
  public Verdict verify(WebhookRequest request) {
    String signature = request.header(header);
    String timestamp = timestampHeader == null ? null : request.header(timestampHeader);
    if (isAbsent(signature) || (timestampHeader != null && isAbsent(timestamp))) {
      return Verdict.MISSING;
    }
    if (!signature.startsWith(prefix)) {
      return Verdict.INVALID;
    }
    byte[] presented = encoding.decode(signature, prefix.length(), signature.length());
    if (presented == null) {
      return Verdict.INVALID;
    }
    if (timestampHeader == null) {
      return keys.matches(head, request.body(), tail, presented) ? Verdict.VALID : Verdict.INVALID;
    }
    long seconds = ReplayWindow.parseSeconds(timestamp);
    if (seconds < 0) {
      return Verdict.INVALID;
    }
    byte[] signedHead = signed(headParts, head, timestamp, ascii);
    byte[] signedTail = signed(tailParts, tail, timestamp, ascii);
    if (!keys.matches(signedHead, request.body(), signedTail, presented)) {
      return Verdict.INVALID;
    }
    // Freshness is judged only once the signature is known to be genuine: a forger learns nothing
    // from STALE, and a genuine old request is reported as what it is (a replay), not as a forgery.
    return window.contains(seconds) ? Verdict.VALID : Verdict.STALE;
  }

  /**
   * The template's bytes with {@code timestamp} in each {@code {timestamp}}; the template was cut
   * there at load time, so a request costs one array and no string search.
   */
  private static byte[] signed(String[] parts, byte[] untimed, String timestamp, boolean ascii) {
    if (parts.length == 1) {
      return untimed;
    }
    // Only digits reach here, so with an ASCII template every char is one byte.
    if (ascii && parts.length == 2) {
      return HmacKeyring.latin1(parts[0], timestamp, parts[1]);
    }
    return String.join(timestamp, parts).getBytes(UTF_8);
  }

  /** Whether a header is absent; an empty value carries no signature either. */
  static boolean isAbsent(String value) {
    return value == null || value.isEmpty();
  }
}
