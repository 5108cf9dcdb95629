package io.hookgate.address;

import static java.util.Objects.requireNonNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** One IPv4 or IPv6 network, such as {@code 140.82.112.0/20} or {@code ::1/128}. */
public final class Cidr {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code address/prefix} or a bare address (a single host). Only literals are accepted:
   * nothing here ever resolves a host name.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static Cidr parse(String text) {
    requireNonNull(text, "text");
    int slash = text.indexOf('/');
    String addressPart = slash < 0 ? text : text.substring(0, slash);
    byte[] address = parseLiteral(addressPart.trim());
    int max = address.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String prefixPart = text.substring(slash + 1).trim();
      if (prefixPart.isEmpty() || !prefixPart.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("not a prefix length: '" + prefixPart + "'");
      }
      prefix = prefixPart.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(prefixPart);
      if (prefix > max) {
        throw new IllegalArgumentException("prefix length " + prefixPart + " exceeds " + max);
      }
    }
    return new Cidr(mask(address, prefix), prefix, text.trim());
  }

  /** Whether {@code address} lies in this network; IPv4-mapped IPv6 addresses count as IPv4. */
  public boolean contains(InetAddress address) {
    byte[] bytes = canonical(address);
    if (bytes.length != network.length) {
      return false;
    }
    return Arrays.equals(mask(bytes, prefix), network);
  }

  /** The address bytes, with IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) reduced to IPv4. */
  static byte[] canonical(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  private static byte[] parseLiteral(String literal) {
    boolean ipv4 =
        !literal.isEmpty() && literal.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    boolean ipv6 =
        literal.indexOf(':') >= 0
            && literal.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
    if (!ipv4 && !ipv6) {
      throw new IllegalArgumentException("not an IP address: '" + literal + "'");
    }
    if (ipv4 && !isDottedQuad(literal)) {
      throw new IllegalArgumentException("not an IPv4 address: '" + literal + "'");
    }
    try {
      // A literal never triggers a DNS lookup; the checks above keep host names out.
      // "::ffff:1.2.3.4" comes back as IPv4, which is how contains() compares it too.
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: '" + literal + "'");
    }
  }

  private static boolean isDottedQuad(String literal) {
    String[] parts = literal.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] masked = address.clone();
    for (int bit = prefix; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return masked;
  }

  @Override
  public String toString() {
    return text;
  }
}
