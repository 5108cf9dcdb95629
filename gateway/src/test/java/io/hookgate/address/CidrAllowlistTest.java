package io.hookgate.address;

import static io.hookgate.address.CidrTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrAllowlistTest {

  @Test
  void admitsAddressesInAnyOfItsNetworks() {
    CidrAllowlist list =
        CidrAllowlist.of(List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8::/32")));

    assertThat(list.allows(ip("192.0.2.200"))).isTrue();
    assertThat(list.allows(ip("2001:db8::1"))).isTrue();
    assertThat(list.allows(ip("198.51.100.1"))).isFalse();
  }

  @Test
  void emptyListAdmitsNobody() {
    assertThat(CidrAllowlist.of(List.of()).allows(ip("192.0.2.1"))).isFalse();
    assertThat(CidrAllowlist.NONE.allows(ip("192.0.2.1"))).isFalse();
  }

  @Test
  void anyAdmitsEverybody() {
    assertThat(CidrAllowlist.ANY.allows(ip("192.0.2.1"))).isTrue();
    assertThat(CidrAllowlist.ANY.allows(ip("::1"))).isTrue();
  }
}
