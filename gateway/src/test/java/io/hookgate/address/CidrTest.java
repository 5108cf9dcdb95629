package io.hookgate.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @Test
  void containsIpv4AddressesInsideItsPrefix() {
    Cidr github = Cidr.parse("140.82.112.0/20");

    assertThat(github.contains(ip("140.82.112.0"))).isTrue();
    assertThat(github.contains(ip("140.82.127.255"))).isTrue();
    assertThat(github.contains(ip("140.82.128.0"))).isFalse();
    assertThat(github.contains(ip("140.82.111.255"))).isFalse();
  }

  @Test
  void comparesPartialBytesWithHighBitSet() {
    // 0xC0 is negative as a Java byte: the partial-byte comparison must not sign-extend.
    Cidr network = Cidr.parse("10.0.192.0/18");

    assertThat(network.contains(ip("10.0.192.1"))).isTrue();
    assertThat(network.contains(ip("10.0.255.255"))).isTrue();
    assertThat(network.contains(ip("10.0.128.1"))).isFalse();
  }

  @Test
  void bareAddressIsASingleHost() {
    Cidr host = Cidr.parse("192.0.2.7");

    assertThat(host).isEqualTo(Cidr.parse("192.0.2.7/32"));
    assertThat(host.contains(ip("192.0.2.7"))).isTrue();
    assertThat(host.contains(ip("192.0.2.6"))).isFalse();
  }

  @Test
  void slash32MatchesOnlyThatAddress() {
    Cidr host = Cidr.parse("203.0.113.9/32");

    assertThat(host.contains(ip("203.0.113.9"))).isTrue();
    assertThat(host.contains(ip("203.0.113.8"))).isFalse();
  }

  @Test
  void slashZeroMatchesEveryAddressOfItsFamily() {
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("255.255.255.255"))).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("2001:db8::1"))).isFalse();
    assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(ip("1.2.3.4"))).isFalse();
  }

  @Test
  void containsIpv6AddressesInsideItsPrefix() {
    Cidr network = Cidr.parse("2001:db8:abcd::/48");

    assertThat(network.contains(ip("2001:db8:abcd:ffff::1"))).isTrue();
    assertThat(network.contains(ip("2001:db8:abce::1"))).isFalse();
  }

  @Test
  void slash128MatchesOnlyThatAddress() {
    Cidr loopback = Cidr.parse("::1/128");

    assertThat(loopback.contains(ip("::1"))).isTrue();
    assertThat(loopback.contains(ip("::2"))).isFalse();
  }

  @Test
  void ipv4MappedIpv6PeerMatchesIpv4Network() throws UnknownHostException {
    Cidr network = Cidr.parse("10.0.0.0/8");

    assertThat(network.contains(mapped(10, 1, 2, 3))).isTrue();
    assertThat(network.contains(mapped(11, 1, 2, 3))).isFalse();
    assertThat(Cidr.parse("::/0").contains(mapped(10, 1, 2, 3))).isFalse();
  }

  @Test
  void ipv4MappedNetworkIsStoredAsTheIpv4NetworkItCovers() throws UnknownHostException {
    Cidr network = Cidr.parse("::ffff:10.0.0.0/104");

    assertThat(network).isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(network.contains(ip("10.200.0.1"))).isTrue();
    assertThat(network.contains(mapped(10, 200, 0, 1))).isTrue();
    assertThat(Cidr.parse("::ffff:1.2.3.4")).isEqualTo(Cidr.parse("1.2.3.4/32"));
  }

  @Test
  void ignoresHostBitsAfterThePrefix() {
    assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(Cidr.parse("10.1.2.3/8").toString()).isEqualTo("10.1.2.3/8");
  }

  @Test
  void acceptsSurroundingSpaces() {
    assertThat(Cidr.parse(" 10.0.0.0 / 8 ")).isEqualTo(Cidr.parse("10.0.0.0/8"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "/8",
        "1.2.3/8",
        "1.2.3",
        "300.1.1.1",
        "1.2.3.4.5",
        "1..2.3",
        "010.0.0.1",
        "1.2.3.4/33",
        "1.2.3.4/",
        "1.2.3.4/-1",
        "1.2.3.4/+8",
        "1.2.3.4/8/8",
        "1.2.3.4/99999999999",
        "::1/129",
        "fe80::1%eth0",
        "[::1]",
        "1:2:3:4:5:6:7:8:9",
        "::ffff:1.2.3.04",
        "::ffff:10.0.0.0/95",
        "host.example/8",
        "localhost",
        "abc:def",
        ".:", // once went to InetAddress.getByName as a host name, i.e. to DNS
        "0x7f.0.0.1",
        "１.2.3.4"
      })
  void rejectsWhatIsNotALiteralNetwork(String text) {
    assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesTheProblemInItsMessage() {
    assertThatThrownBy(() -> Cidr.parse("::1/129")).hasMessage("prefix length 129 exceeds 128");
    assertThatThrownBy(() -> Cidr.parse("host.example/8"))
        .hasMessage("not an IP address: 'host.example'");
    assertThatThrownBy(() -> Cidr.parse("1.2.3.4/-1")).hasMessage("not a prefix length: '-1'");
  }

  static InetAddress ip(String literal) {
    byte[] bytes = IpLiteral.parse(literal);
    assertThat(bytes).as("test literal %s", literal).isNotNull();
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** An Inet6Address holding ::ffff:a.b.c.d, as a dual-stack socket may report a peer. */
  static InetAddress mapped(int a, int b, int c, int d) throws UnknownHostException {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    InetAddress address = Inet6Address.getByAddress(null, bytes, -1);
    assertThat(address).isInstanceOf(Inet6Address.class);
    return address;
  }
}
