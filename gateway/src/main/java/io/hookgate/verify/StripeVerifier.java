package io.hookgate.verify;

import static java.util.Objects.requireNonNull;

import io.hookgate.request.WebhookRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies Stripe's {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]}: HMAC-SHA256 of
 * {@code "{t}.{body}"} keyed with the {@code whsec_...} string itself. See <a
 * href="https://docs.stripe.com/webhooks#verify-manually">Stripe: verify signatures manually</a>.
 */
final class StripeVerifier implements SignatureVerifier {
  static final String HEADER = "Stripe-Signature";

  private final HmacKeyring keys;
  private final ReplayWindow window;

  StripeVerifier(HmacKeyring keys, ReplayWindow window) {
    this.keys = requireNonNull(keys, "keys");
    this.window = requireNonNull(window, "window");
  }

  @Override
  public Verdict verify(WebhookRequest request) {
    String header = request.header(HEADER);
    if (HeaderHmacVerifier.isAbsent(header)) {
      return Verdict.MISSING;
    }
    // Every v1 is kept, never a map where the last one wins: during a secret roll Stripe sends one
    // v1 per active secret. Only v1 counts; v0 (and any future scheme) is ignored, so a header
    // carrying nothing else cannot downgrade the check.
    String timestamp = null;
    List<byte[]> signatures = new ArrayList<>(2);
    int start = 0;
    while (start <= header.length()) {
      int comma = header.indexOf(',', start);
      int end = comma < 0 ? header.length() : comma;
      int equals = header.indexOf('=', start);
      if (equals > start && equals < end) {
        int keyLength = equals - start;
        if (keyLength == 1 && header.charAt(start) == 't') {
          if (timestamp != null) {
            return Verdict.INVALID; // which t was signed would be a guess
          }
          timestamp = header.substring(equals + 1, end);
        } else if (keyLength == 2 && header.startsWith("v1", start)) {
          byte[] signature = SignatureEncoding.HEX.decode(header, equals + 1, end);
          if (signature != null) {
            signatures.add(signature);
          }
        }
      }
      start = end + 1;
    }
    if (timestamp == null || signatures.isEmpty()) {
      return Verdict.INVALID;
    }
    long seconds = ReplayWindow.parseSeconds(timestamp);
    if (seconds < 0) {
      return Verdict.INVALID;
    }
    byte[] head = HmacKeyring.latin1(timestamp, ".");
    if (!keys.matchesAny(head, request.body(), HmacKeyring.NOTHING, signatures)) {
      return Verdict.INVALID;
    }
    return window.contains(seconds) ? Verdict.VALID : Verdict.STALE;
  }
}
