package io.hookgate.verify;

import static java.util.Objects.requireNonNull;

import io.hookgate.request.WebhookRequest;
import io.netty.util.AsciiString;

/**
 * Verifies Stripe's {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]}: HMAC-SHA256 of
 * {@code "{t}.{body}"} keyed with the {@code whsec_...} string itself. See <a
 * href="https://docs.stripe.com/webhooks#verify-manually">Stripe: verify signatures manually</a>.
 */
final class StripeVerifier implements SignatureVerifier {
  static final AsciiString HEADER = AsciiString.cached("Stripe-Signature");

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
    // carrying nothing else cannot downgrade the check. One pass over the header: each item is
    // judged by its own start, so no search runs past its comma.
    HmacKeyring.Scratch scratch = keys.scratch();
    int timestamp = -1;
    int timestampEnd = -1;
    int start = 0;
    while (start <= header.length()) {
      int comma = header.indexOf(',', start);
      int end = comma < 0 ? header.length() : comma;
      if (header.startsWith("t=", start)) {
        if (timestamp >= 0) {
          return Verdict.INVALID; // which t was signed would be a guess
        }
        timestamp = start + 2;
        timestampEnd = end;
      } else if (header.startsWith("v1=", start)) {
        scratch.present(SignatureEncoding.HEX, header, start + 3, end);
      }
      start = end + 1;
    }
    if (timestamp < 0) {
      return Verdict.INVALID;
    }
    long seconds = ReplayWindow.parseSeconds(header, timestamp, timestampEnd);
    if (seconds < 0) {
      return Verdict.INVALID;
    }
    scratch.appendLatin1(header, timestamp, timestampEnd);
    scratch.append((byte) '.');
    if (!scratch.matches(scratch.length(), request.body())) {
      return Verdict.INVALID;
    }
    return window.contains(seconds) ? Verdict.VALID : Verdict.STALE;
  }
}
