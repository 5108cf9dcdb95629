package io.hookgate.verify;

/** What signature verification decided; only {@link #VALID} lets a request through. */
public enum Verdict {
  VALID,
  /** No signature (or a required companion header such as the timestamp) was sent. */
  MISSING,
  /** The signature is malformed, of the wrong length, or matches no secret. */
  INVALID,
  /** The signature matches but its signed timestamp is outside the tolerance, either way. */
  STALE
}
