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
 * Guessing keys from one address gets that address's wrong keys refused for a while, over real
 * HTTP; valid keys keep working from that address, so a guesser cannot lock the real users out (as
 * anyone could behind a shared proxy address).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LockoutIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(LockoutIT.class);

  // The clock stands still, so the lockout cannot run out during the test.
  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC),
          ConfigOverride.config("auth.failuresBeforeLockout", "3"));

  @Test
  void
      after_the_allowed_failures_wrong_keys_get_429_with_retry_after_and_a_good_key_still_passes() {
    ApiClient admin = ApiApp.client(APP);
    assertThat(admin.get("/jobs").status()).isEqualTo(200);
    ApiClient guesser = admin.withKey("crl_guess");
    assertThat(guesser.get("/jobs").status()).isEqualTo(401);
    assertThat(guesser.get("/jobs").status()).isEqualTo(401);
    // Requests without any key are not guesses and do not count.
    assertThat(admin.withKey(null).get("/jobs").status()).isEqualTo(401);
    assertThat(guesser.get("/jobs").status()).isEqualTo(401);

    Reply locked = guesser.get("/jobs");
    assertThat(locked.status()).as(locked.text()).isEqualTo(429);
    assertThat(locked.header("Retry-After")).isEqualTo("1");
    assertThat(locked.header("Content-Type")).startsWith("application/problem+json");

    // Same address, still locked out for guesses: the valid key passes all the same.
    Reply good = admin.get("/jobs");
    assertThat(good.status()).as(good.text()).isEqualTo(200);
    assertThat(guesser.get("/jobs").status()).isEqualTo(429);
    // With no trusted proxy configured, X-Forwarded-For does not get the guesser a fresh address.
    Reply spoofed =
        guesser.send("GET", "/jobs", "application/json", null, "X-Forwarded-For", "198.51.100.9");
    assertThat(spoofed.status()).as(spoofed.text()).isEqualTo(429);
  }
}
