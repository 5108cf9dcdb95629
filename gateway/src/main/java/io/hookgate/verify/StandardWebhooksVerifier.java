package io.hookgate.verify;

import static java.util.Objects.requireNonNull;

import io.hookgate.request.WebhookRequest;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies the <a
 * href="https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md">Standard
 * Webhooks</a> scheme: HMAC-SHA256 of {@code "{id}.{timestamp}.{body}"} with the base64-decoded
 * secret, in a space-separated list of {@code v1,<base64>} signatures. Svix, which the standard
 * grew from, spells the headers {@code svix-*}; that spelling is read when {@code webhook-id} is
 * absent.
 */
final class StandardWebhooksVerifier implements SignatureVerifier {
  private static final String SECRET_PREFIX = "whsec_";

  private static final AsciiString[] STANDARD = {
    AsciiString.cached("webhook-id"),
    AsciiString.cached("webhook-timestamp"),
    AsciiString.cached("webhook-signature")
  };
  private static final AsciiString[] SVIX = {
    AsciiString.cached("svix-id"),
    AsciiString.cached("svix-timestamp"),
    AsciiString.cached("svix-signature")
  };
  private static final String VERSION = "v1,";

  private final HmacKeyring keys;
  private final ReplayWindow window;

  /**
   * @param secrets {@code whsec_} and base64 of the key, or the base64 alone, as the reference
   *     libraries accept them
   * @throws IllegalArgumentException naming the index of a secret that is not base64
   */
  StandardWebhooksVerifier(List<String> secrets, ReplayWindow window) {
    List<byte[]> keyBytes = new ArrayList<>(secrets.size());
    for (int i = 0; i < secrets.size(); i++) {
      String secret = secrets.get(i);
      String encoded =
          secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
      byte[] key = SignatureEncoding.BASE64.decode(encoded);
      if (key == null || key.length == 0) {
        throw new IllegalArgumentException(
            "secrets[" + i + "] is not a Standard Webhooks secret (whsec_ and base64)");
      }
      keyBytes.add(key);
    }
    this.keys = new HmacKeyring("HmacSHA256", keyBytes);
    this.window = requireNonNull(window, "window");
  }

  @Override
  public Verdict verify(WebhookRequest request) {
    // The spelling is chosen by the id header alone, in the same order as the event-id preset
    // (webhook-id, then svix-id), so the id that is deduplicated is always the id that was signed;
    // the three headers are never mixed across spellings.
    AsciiString[] names = STANDARD;
    String id = request.header(names[0]);
    if (HeaderHmacVerifier.isAbsent(id)) {
      names = SVIX;
      id = request.header(names[0]);
    }
    String timestamp = request.header(names[1]);
    String signatureList = request.header(names[2]);
    if (HeaderHmacVerifier.isAbsent(id)
        || HeaderHmacVerifier.isAbsent(timestamp)
        || HeaderHmacVerifier.isAbsent(signatureList)) {
      return Verdict.MISSING;
    }
    // The spec forbids '.' in ids: with one, "{id}.{timestamp}.{body}" no longer splits one way,
    // and a body starting with digits and a dot could lend them to a forged id and timestamp.
    if (id.indexOf('.') >= 0) {
      return Verdict.INVALID;
    }
    long seconds = ReplayWindow.parseSeconds(timestamp);
    if (seconds < 0) {
      return Verdict.INVALID;
    }
    HmacKeyring.Scratch scratch = keys.scratch();
    presentV1Signatures(scratch, signatureList);
    scratch.appendLatin1(id, 0, id.length());
    scratch.append((byte) '.');
    scratch.appendLatin1(timestamp, 0, timestamp.length());
    scratch.append((byte) '.');
    if (!scratch.matches(scratch.length(), request.body())) {
      return Verdict.INVALID;
    }
    return window.contains(seconds) ? Verdict.VALID : Verdict.STALE;
  }

  /**
   * Presents every decodable {@code v1,} entry; other versions (e.g. asymmetric {@code v1a,}) are
   * skipped.
   */
  private static void presentV1Signatures(HmacKeyring.Scratch scratch, String list) {
    int start = 0;
    while (start < list.length()) {
      int space = list.indexOf(' ', start);
      int end = space < 0 ? list.length() : space;
      if (end - start > VERSION.length() && list.startsWith(VERSION, start)) {
        scratch.present(SignatureEncoding.BASE64, list, start + VERSION.length(), end);
      }
      start = end + 1;
    }
  }
}
