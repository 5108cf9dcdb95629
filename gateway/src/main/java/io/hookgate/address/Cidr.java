package io.hookgate.address;

import static java.util.Objects.requireNonNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/** One IPv4 or IPv6 network, such as {@code 140.82.112.0/20} or {@code ::1/128}. */
public final class Cidr {
  /** Bits of the {@code ::ffff:0:0/96} prefix in front of an IPv4-mapped address. */
  private static final int MAPPED_PREFIX = 96;

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
   * nothing here ever resolves a host name. Host bits after the prefix are ignored ({@code
   * 10.1.2.3/8} is {@code 10.0.0.0/8}). An IPv4-mapped network such as {@code ::ffff:10.0.0.0/104}
   * is stored as the IPv4 network it covers ({@code 10.0.0.0/8}).
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static Cidr parse(String text) {
    requireNonNull(text, "text");
    int slash = text.indexOf('/');
    String addressPart = (slash < 0 ? text : text.substring(0, slash)).trim();
    byte[] address = IpLiteral.parse(addressPart);
    if (address == null) {
      throw new IllegalArgumentException("not an IP address: '" + addressPart + "'");
    }
    // The text was IPv6 but the bytes are IPv4 exactly when the literal was IPv4-mapped.
    boolean mapped = address.length == 4 && addressPart.indexOf(':') >= 0;
    int max = mapped ? 128 : address.length * 8;
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
    if (mapped) {
      if (prefix < MAPPED_PREFIX) {
        throw new IllegalArgumentException(
            "an IPv4-mapped network needs a prefix of at least 96: '" + text.trim() + "'");
      }
      prefix -= MAPPED_PREFIX;
    }
    return new Cidr(mask(address, prefix), prefix, text.trim());
  }

  /** Whether {@code address} lies in this network; IPv4-mapped IPv6 addresses count as IPv4. */
  public boolean contains(InetAddress address) {
    byte[] bytes = canonical(address);
    if (bytes.length != network.length) {
      return false;
    }
    // Runs per request against every allowlist entry, so compare in place instead of masking a
    // copy.
    int whole = prefix / 8;
    for (int i = 0; i < whole; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    int leadingBits = (0xff << (8 - rest)) & 0xff;
    return rest == 0 || ((bytes[whole] ^ network[whole]) & leadingBits) == 0;
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

  private static byte[] mask(byte[] address, int prefix) {
    byte[] masked = address.clone();
    for (int bit = prefix; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return masked;
  }

  /** Networks are equal when they cover the same addresses, however they were written. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr that
        && prefix == that.prefix
        && Arrays.equals(network, that.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return text;
  }
}
