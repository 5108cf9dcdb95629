package io.hookgate.address;

import static io.hookgate.address.CidrTest.ip;
import static io.hookgate.address.CidrTest.mapped;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressResolverTest {
  private static final InetAddress PROXY = ip("10.0.0.5");
  private static final InetAddress INNER_PROXY = ip("10.0.0.9");

  private final ClientAddressResolver resolver =
      new ClientAddressResolver(
          CidrAllowlist.of(List.of(Cidr.parse("10.0.0.0/24"), Cidr.parse("fd00::/8"))));

  @Test
  void untrustedPeerIsTheClientWhateverItsHeaderClaims() {
    InetAddress attacker = ip("198.51.100.7");

    assertThat(resolver.resolve(attacker, List.of("140.82.112.1"))).isEqualTo(attacker);
    assertThat(resolver.resolve(attacker, List.of("10.0.0.5"))).isEqualTo(attacker);
  }

  @Test
  void trustedPeerWithoutHeaderIsTheClient() {
    assertThat(resolver.resolve(PROXY, List.of())).isEqualTo(PROXY);
  }

  @Test
  void rightMostUntrustedEntryIsTheClient() {
    // The client forged "1.1.1.1"; the proxy appended the address it really saw.
    List<String> header = List.of("1.1.1.1, 203.0.113.50");

    assertThat(resolver.resolve(PROXY, header)).isEqualTo(ip("203.0.113.50"));
  }

  @Test
  void skipsTrustedHopsInAChain() {
    List<String> header = List.of("1.1.1.1, 203.0.113.50, 10.0.0.9, 10.0.0.7");

    assertThat(resolver.resolve(PROXY, header)).isEqualTo(ip("203.0.113.50"));
  }

  @Test
  void readsSeveralHeaderLinesInOrderAsOneList() {
    List<String> lines = List.of("1.1.1.1", "203.0.113.50, 10.0.0.9", "10.0.0.7");

    assertThat(resolver.resolve(PROXY, lines)).isEqualTo(ip("203.0.113.50"));
  }

  @Test
  void lastLineWinsOverEarlierLines() {
    List<String> lines = List.of("203.0.113.50", "198.51.100.1");

    assertThat(resolver.resolve(PROXY, lines)).isEqualTo(ip("198.51.100.1"));
  }

  @Test
  void leftMostEntryIsTheClientWhenEveryHopIsTrusted() {
    assertThat(resolver.resolve(PROXY, List.of("10.0.0.1, 10.0.0.9"))).isEqualTo(ip("10.0.0.1"));
  }

  @Test
  void garbageEntryStopsTheWalkAtTheLastTrustedHop() {
    assertThat(resolver.resolve(PROXY, List.of("203.0.113.50, evil.example, 10.0.0.9")))
        .isEqualTo(INNER_PROXY);
    assertThat(resolver.resolve(PROXY, List.of("203.0.113.50, unknown"))).isEqualTo(PROXY);
  }

  @Test
  void garbageEntryLeftOfTheClientDoesNotMatter() {
    assertThat(resolver.resolve(PROXY, List.of("garbage, 203.0.113.50")))
        .isEqualTo(ip("203.0.113.50"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "203.0.113.50,",
        ",",
        "unknown",
        "_hidden",
        "localhost",
        "203.0.113",
        "203.0.113.050",
        "203.0.113.50:",
        "203.0.113.50:65536",
        "203.0.113.50:123456",
        "203.0.113.50:http",
        "[203.0.113.50]",
        "[2001:db8::1",
        "[2001:db8::1]x",
        "fe80::1%eth0",
        "for=203.0.113.50",
        "0x7f000001"
      })
  void neverBelievesGarbage(String header) {
    assertThat(resolver.resolve(PROXY, List.of(header))).isEqualTo(PROXY);
  }

  @Test
  void dropsPortsFromIpv4AndBracketedIpv6Entries() {
    assertThat(resolver.resolve(PROXY, List.of("203.0.113.50:41234")))
        .isEqualTo(ip("203.0.113.50"));
    assertThat(resolver.resolve(PROXY, List.of("[2001:db8::1]:41234")))
        .isEqualTo(ip("2001:db8::1"));
    assertThat(resolver.resolve(PROXY, List.of("[2001:db8::1]"))).isEqualTo(ip("2001:db8::1"));
  }

  @Test
  void neverReadsTheLastGroupOfBareIpv6AsAPort() {
    assertThat(resolver.resolve(PROXY, List.of("2001:db8::1:80"))).isEqualTo(ip("2001:db8::1:80"));
  }

  @Test
  void resolvesIpv6Chains() {
    InetAddress ipv6Proxy = ip("fd00::5");

    assertThat(resolver.resolve(ipv6Proxy, List.of("2001:db8::7, fd12::1")))
        .isEqualTo(ip("2001:db8::7"));
    assertThat(resolver.resolve(ip("2001:db8::99"), List.of("2001:db8::7")))
        .isEqualTo(ip("2001:db8::99"));
  }

  @Test
  void trustsIpv4MappedPeerOfATrustedIpv4Network() throws UnknownHostException {
    InetAddress mappedProxy = mapped(10, 0, 0, 5);

    assertThat(resolver.resolve(mappedProxy, List.of("203.0.113.50")))
        .isEqualTo(ip("203.0.113.50"));
  }

  @Test
  void ignoresHeaderWhenNoProxyIsTrusted() {
    ClientAddressResolver direct = new ClientAddressResolver(CidrAllowlist.NONE);

    assertThat(direct.resolve(PROXY, List.of("203.0.113.50"))).isEqualTo(PROXY);
  }

  @Test
  void trustsOnlyConfiguredProxies() throws Exception {
    var resolver = new ClientAddressResolver(CidrAllowlist.of(List.of(Cidr.parse("10.0.0.0/8"))));

    assertThat(resolver.trusts(InetAddress.getByName("10.1.2.3"))).isTrue();
    assertThat(resolver.trusts(InetAddress.getByName("192.0.2.1"))).isFalse();
    assertThat(
            new ClientAddressResolver(CidrAllowlist.NONE).trusts(InetAddress.getByName("10.1.2.3")))
        .isFalse();
  }
}
