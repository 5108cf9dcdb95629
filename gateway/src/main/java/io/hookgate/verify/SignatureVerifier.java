package io.hookgate.verify;

import io.hookgate.request.WebhookRequest;

/**
 * Decides whether a request really comes from its source. Implementations are immutable,
 * thread-safe, compare in constant time over decoded bytes, and never throw on hostile input.
 */
@FunctionalInterface
public interface SignatureVerifier {
  /** Checks the request's signature (and signed timestamp, where the scheme has one). */
  Verdict verify(WebhookRequest request);
}
