package io.hookgate.address;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict parsing of IP address literals that can never turn into a DNS lookup, shared by the config
 * ({@link Cidr}) and the per-request {@link ClientAddressResolver}.
 */
final class IpLiteral {
  /** Longest IPv6 text form: eight full groups, or six groups and a dotted quad (45 chars). */
  private static final int MAX_IPV6_LENGTH = 45;

  private IpLiteral() {}

  /**
   * The address bytes of an IPv4 dotted quad (4 bytes) or IPv6 literal (16 bytes, or 4 when it is
   * IPv4-mapped), or {@code null} when {@code text} is anything else. Rejected on purpose: BSD
   * short forms ({@code 1.2.3}), leading zeros ({@code 010.0.0.1}, octal to some parsers and
   * decimal to others), zone ids ({@code fe80::1%eth0}), brackets and surrounding spaces.
   */
  static byte[] parse(String text) {
    if (text.isEmpty()) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      return parseDottedQuad(text);
    }
    return parseIpv6(text);
  }

  private static byte[] parseDottedQuad(String text) {
    byte[] bytes = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          return null; // a leading zero
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else if (c == '.' && digits > 0 && part < 4) {
        bytes[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? bytes : null;
  }

  private static byte[] parseIpv6(String text) {
    if (text.length() > MAX_IPV6_LENGTH) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') {
        return null;
      }
    }
    if (text.charAt(0) == '.') {
      // InetAddress treats text as a literal only when it starts with a hex digit or ':'; anything
      // else would go to the resolver.
      return null;
    }
    int dot = text.indexOf('.');
    if (dot >= 0 && parseDottedQuad(text.substring(text.lastIndexOf(':') + 1)) == null) {
      return null; // an embedded IPv4 tail must be as strict as a plain one
    }
    try {
      // Starts with a hex digit or ':' and contains ':', so the JDK parses it as an IPv6 literal
      // or throws; it never resolves it. "::ffff:a.b.c.d" comes back as 4 IPv4 bytes.
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
