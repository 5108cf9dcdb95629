package io.hookgate.address;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Finds the real client of a request that may have passed through trusted reverse proxies, from the
 * TCP peer and its {@code X-Forwarded-For} headers; immutable and thread-safe.
 *
 * <p>Only hops that a trusted proxy vouches for are believed: the list is walked from the right
 * (the hop closest to us) and the first address that is not a trusted proxy is the client, because
 * everything to its left was written by that client and may be forged. See <a
 * href="https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Forwarded-For#security_and_privacy_concerns">MDN:
 * X-Forwarded-For security</a>.
 */
public final class ClientAddressResolver {
  private final CidrAllowlist trustedProxies;

  /**
   * A resolver believing {@code X-Forwarded-For} only when it comes from {@code trustedProxies}.
   */
  public ClientAddressResolver(CidrAllowlist trustedProxies) {
    this.trustedProxies = requireNonNull(trustedProxies, "trustedProxies");
  }

  /**
   * Whether {@code peer} is a trusted proxy, whose {@code X-Forwarded-For} is read: when it is not,
   * callers need not even look the header up.
   */
  public boolean trusts(InetAddress peer) {
    return trustedProxies.allows(requireNonNull(peer, "peer"));
  }

  /**
   * The client address of a request.
   *
   * <ul>
   *   <li>A peer that is not a trusted proxy is the client; its header is ignored entirely.
   *   <li>Otherwise every entry of every header line (lines in order, each a comma list) is walked
   *       right to left, skipping trusted proxies; the first untrusted entry is the client.
   *   <li>An entry that is not an IP literal ends the walk: the last trusted hop seen (the peer if
   *       it was the right-most entry) is returned, since nothing a trusted proxy vouched for names
   *       anyone further away. No host name is ever resolved.
   *   <li>When every entry is a trusted proxy, the left-most one is the client.
   * </ul>
   *
   * <p>Entries may carry a port, {@code 1.2.3.4:5678} or {@code [2001:db8::1]:5678} (some proxies,
   * e.g. Azure Application Gateway, append one); the port is dropped. A bare IPv6 entry is never
   * read as having a port. Zone ids, RFC 7239 obfuscated names ({@code unknown}, {@code _hidden})
   * and empty entries count as garbage.
   *
   * @param peer the address of the TCP peer (after the PROXY protocol, if used)
   * @param xForwardedForValues every {@code X-Forwarded-For} header line, in the order received
   */
  public InetAddress resolve(InetAddress peer, List<String> xForwardedForValues) {
    requireNonNull(peer, "peer");
    requireNonNull(xForwardedForValues, "xForwardedForValues");
    if (!trustedProxies.allows(peer)) {
      return peer;
    }
    InetAddress lastTrusted = peer;
    for (int line = xForwardedForValues.size() - 1; line >= 0; line--) {
      String value = xForwardedForValues.get(line);
      int end = value.length();
      while (true) {
        int comma = value.lastIndexOf(',', end - 1);
        InetAddress hop = parseEntry(value.substring(comma + 1, end).trim());
        if (hop == null) {
          return lastTrusted;
        }
        if (!trustedProxies.allows(hop)) {
          return hop;
        }
        lastTrusted = hop;
        if (comma < 0) {
          break;
        }
        end = comma;
      }
    }
    return lastTrusted;
  }

  /** One entry as an address, or {@code null} when it is not an IP literal (with optional port). */
  static InetAddress parseEntry(String entry) {
    String literal = entry;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0 || !isPortSuffix(entry, close + 1)) {
        return null;
      }
      literal = entry.substring(1, close);
      if (literal.indexOf(':') < 0) {
        return null; // brackets are for IPv6 only
      }
    } else {
      int colon = entry.indexOf(':');
      if (colon >= 0 && colon == entry.lastIndexOf(':')) {
        // Exactly one colon: IPv4 with a port. Any IPv6 literal has at least two.
        if (!isPortSuffix(entry, colon)) {
          return null;
        }
        literal = entry.substring(0, colon);
      }
    }
    byte[] bytes = IpLiteral.parse(literal);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes); // never a lookup: no host name is given
    } catch (UnknownHostException e) {
      throw new AssertionError("IpLiteral returned " + bytes.length + " bytes", e);
    }
  }

  /** Whether {@code text} from {@code from} is empty or {@code :port} with a port up to 65535. */
  private static boolean isPortSuffix(String text, int from) {
    if (from == text.length()) {
      return true;
    }
    int digits = text.length() - from - 1;
    if (text.charAt(from) != ':' || digits < 1 || digits > 5) {
      return false;
    }
    int port = 0;
    for (int i = from + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535;
  }
}
