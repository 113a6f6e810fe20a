package io.carillon.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  @Test
  void cidr_ranges_of_both_families_contain_exactly_their_addresses() throws Exception {
    AddressRange ten = AddressRange.parse("10.0.0.0/8").orElseThrow();
    assertThat(ten.contains(InetAddress.getByName("10.255.1.2"))).isTrue();
    assertThat(ten.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    AddressRange odd = AddressRange.parse("192.168.1.128/25").orElseThrow();
    assertThat(odd.contains(InetAddress.getByName("192.168.1.200"))).isTrue();
    assertThat(odd.contains(InetAddress.getByName("192.168.1.100"))).isFalse();
    AddressRange six = AddressRange.parse("fd00::/8").orElseThrow();
    assertThat(six.contains(InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(six.contains(InetAddress.getByName("10.0.0.1"))).isFalse();
    AddressRange one = AddressRange.parse("127.0.0.1").orElseThrow();
    assertThat(one.contains(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(one.contains(InetAddress.getByName("127.0.0.2"))).isFalse();
  }

  @Test
  void only_address_literals_are_ranges_and_names_are_never_looked_up() {
    for (String bad :
        List.of("localhost", "example.com", "abc", "10.0.0.0/33", "1.2.3", "::1/129", "", "10/8")) {
      assertThat(AddressRange.parse(bad)).as(bad).isEmpty();
    }
    assertThat(AddressRange.literal("[::1]")).isPresent();
  }

  @Test
  void the_configured_list_accepts_comma_separated_values_and_refuses_names() {
    AuthFactory auth = new AuthFactory();
    auth.setTrustedProxies(List.of("10.0.0.0/8, 127.0.0.1", ""));
    auth.buildClientAddresses();
    auth.setTrustedProxies(List.of("proxy.internal"));
    org.assertj.core.api.Assertions.assertThatThrownBy(auth::buildClientAddresses)
        .hasMessageContaining("auth.trustedProxies")
        .hasMessageContaining("proxy.internal");
  }
}
