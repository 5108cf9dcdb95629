/**
 * Source verification: whether a request really comes from the sender its path names.
 *
 * <p>Rules every scheme here follows:
 *
 * <ul>
 *   <li>MACs are computed over the exact raw body bytes, fed to {@code Mac.update} without a copy,
 *       and compared as decoded bytes with {@link java.security.MessageDigest#isEqual}; malformed
 *       hex or base64, or a wrong length, is {@link io.hookgate.verify.Verdict#INVALID}, never an
 *       exception. Any configured secret passing is enough (rotation).
 *   <li>{@link io.hookgate.verify.Verdict#MISSING} means a required header is absent or empty;
 *       anything present but unusable (no {@code v1}, a non-numeric or duplicated timestamp, a
 *       missing prefix) is {@link io.hookgate.verify.Verdict#INVALID}.
 *   <li>Order of checks: headers present, then well-formed, then the signature, and only then the
 *       replay window ({@link io.hookgate.verify.Verdict#STALE}). STALE thus always means "genuine
 *       but outside the window", and a forger learns nothing from it.
 *   <li>Header values are taken to hold the wire bytes one char per byte (ISO-8859-1, as Netty
 *       decodes them); header text that is signed is turned back into those bytes.
 * </ul>
 */
package io.hookgate.verify;
