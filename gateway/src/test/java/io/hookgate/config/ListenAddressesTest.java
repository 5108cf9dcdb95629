package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListenAddressesTest {

  @Test
  void readsIpv4AndBracketedIpv6() throws Exception {
    assertThat(ListenAddresses.parse("0.0.0.0:8080"))
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8080));
    assertThat(ListenAddresses.parse("[::]:8080"))
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("::"), 8080));
    assertThat(ListenAddresses.parse("[::1]:9091").getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void acceptsPortZeroForAnEphemeralPort() {
    assertThat(ListenAddresses.parse("127.0.0.1:0").getPort()).isZero();
  }

  @Test
  void neverResolvesAHostName() {
    InetSocketAddress address = ListenAddresses.parse("10.1.2.3:80");

    assertThat(address.isUnresolved()).isFalse();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ListenAddresses.parse("localhost:80"))
        .withMessage("not an IP address in 'localhost:80': the listen host must be an IP literal");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "8080|not a listen address: '8080' (expected host:port, such as 0.0.0.0:8080)",
        ":::8080|IPv6 address needs brackets in ':::8080', such as [::]:8080",
        "[::1]8080|not a listen address: '[::1]8080' (expected [IPv6]:port, such as [::]:8080)",
        "0.0.0.0:|not a port number in '0.0.0.0:'",
        "0.0.0.0:http|not a port number in '0.0.0.0:http'",
        "0.0.0.0:65536|port out of range (0-65535) in '0.0.0.0:65536'",
        ":8080|not an IP address in ':8080'",
        "10.0.0.0/8:80|not an IP address in '10.0.0.0/8:80'"
      })
  void refusesMalformedAddresses(String text, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ListenAddresses.parse(text))
        .withMessage(message);
  }
}
