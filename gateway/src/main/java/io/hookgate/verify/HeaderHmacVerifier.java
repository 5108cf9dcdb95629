package io.hookgate.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.hookgate.request.WebhookRequest;
import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Verifies an HMAC carried alone in one header, optionally over a signed timestamp header: the
 * GitHub, Shopify and Slack schemes and the generic {@code hmac} scheme are all this shape.
 */
final class HeaderHmacVerifier implements SignatureVerifier {
  static final String BODY = "{body}";
  static final String TIMESTAMP = "{timestamp}";

  private final AsciiString header;
  private final String prefix;
  private final SignatureEncoding encoding;
  private final HmacKeyring keys;
  private final AsciiString timestampHeader;
  private final ReplayWindow window;

  /**
   * The signed text before and after {@code {body}} as UTF-8, cut at each {@code {timestamp}} at
   * load time, so a request only copies the parts and the timestamp between them: no string search
   * and no encoding. The timestamp is digits, whose header chars are their UTF-8 bytes.
   */
  private final byte[][] headParts;

  private final byte[][] tailParts;

  private HeaderHmacVerifier(
      String header,
      String prefix,
      SignatureEncoding encoding,
      HmacKeyring keys,
      String signedText,
      String timestampHeader,
      ReplayWindow window) {
    this.header = new AsciiString(requireNonNull(header, "header"));
    this.prefix = requireNonNull(prefix, "prefix");
    this.encoding = requireNonNull(encoding, "encoding");
    this.keys = requireNonNull(keys, "keys");
    this.timestampHeader = timestampHeader == null ? null : new AsciiString(timestampHeader);
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
    this.headParts = parts(signedText.substring(0, body));
    this.tailParts = parts(signedText.substring(body + BODY.length()));
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
    long seconds = timestamp == null ? 0 : ReplayWindow.parseSeconds(timestamp);
    if (seconds < 0) {
      return Verdict.INVALID;
    }
    HmacKeyring.Scratch scratch = keys.scratch();
    if (!scratch.present(encoding, signature, prefix.length(), signature.length())) {
      return Verdict.INVALID;
    }
    appendSigned(scratch, headParts, timestamp);
    int headLength = scratch.length();
    appendSigned(scratch, tailParts, timestamp);
    if (!scratch.matches(headLength, request.body())) {
      return Verdict.INVALID;
    }
    // Freshness is judged only once the signature is known to be genuine: a forger learns nothing
    // from STALE, and a genuine old request is reported as what it is (a replay), not as a forgery.
    return timestamp == null || window.contains(seconds) ? Verdict.VALID : Verdict.STALE;
  }

  /** {@code template} cut at each {@code {timestamp}}, each part as UTF-8. */
  private static byte[][] parts(String template) {
    return Arrays.stream(template.split(Pattern.quote(TIMESTAMP), -1))
        .map(part -> part.getBytes(UTF_8))
        .toArray(byte[][]::new);
  }

  /** The parts of one side of the template, with {@code timestamp} between each two. */
  private static void appendSigned(HmacKeyring.Scratch scratch, byte[][] parts, String timestamp) {
    scratch.append(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      scratch.appendLatin1(timestamp, 0, timestamp.length());
      scratch.append(parts[i]);
    }
  }

  /** Whether a header is absent; an empty value carries no signature either. */
  static boolean isAbsent(String value) {
    return value == null || value.isEmpty();
  }
}
