package io.carillon.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behind a trusted proxy (here: the test itself, on 127.0.0.1, playing deploy/nginx.conf's part),
 * the failed-login brake counts the client that X-Forwarded-For names, so one client's guesses do
 * not lock out the other clients of the proxy; entries the client wrote itself are not believed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TrustedProxiesIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(TrustedProxiesIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC),
          ConfigOverride.config("auth.failuresBeforeLockout", "3"),
          ConfigOverride.config("auth.trustedProxies", "10.9.0.0/16,127.0.0.1"));

  private static Reply from(ApiClient client, String forwardedFor) {
    return client.send("GET", "/jobs", "application/json", null, "X-Forwarded-For", forwardedFor);
  }

  @Test
  void one_clients_guesses_lock_out_that_client_only() {
    ApiClient guesser = ApiApp.client(APP).withKey("crl_guess");
    for (int i = 0; i < 3; i++) {
      assertThat(from(guesser, "203.0.113.7").status()).isEqualTo(401);
    }

    assertThat(from(guesser, "203.0.113.7").status()).isEqualTo(429);
    // Another client of the same proxy: its wrong key is an ordinary 401, not a lockout.
    assertThat(from(guesser, "203.0.113.8").status()).isEqualTo(401);
    // And the locked-out client's own valid key passes.
    assertThat(from(ApiApp.client(APP), "203.0.113.7").status()).isEqualTo(200);
  }

  @Test
  void the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy() {
    ApiClient guesser = ApiApp.client(APP).withKey("crl_chained-guess");
    // What a client sent itself (left) is ignored; trusted hops (10.9.x.x) are skipped.
    for (int i = 0; i < 3; i++) {
      assertThat(from(guesser, "192.0.2." + i + ", 198.51.100.20, 10.9.0.1").status())
          .isEqualTo(401);
    }

    assertThat(from(guesser, "192.0.2.200, 198.51.100.20, 10.9.0.2").status()).isEqualTo(429);
    assertThat(from(guesser, "198.51.100.21").status()).isEqualTo(401);
  }
}
