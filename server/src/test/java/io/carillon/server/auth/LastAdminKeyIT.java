package io.carillon.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The last admin key cannot be revoked, not even by two admins revoking each other at the same
 * moment: the check and the revocation are one transaction that holds the admin keys' rows.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LastAdminKeyIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(LastAdminKeyIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private static final String WAITING_ON_KEYS_OR_AUDIT =
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
          + " AND wait_event_type = 'Lock'"
          + " AND (query ILIKE '%carillon_api_key%' OR query ILIKE '%carillon_audit%')";

  private final ApiClient first = ApiApp.client(APP);

  @Test
  void two_admins_revoking_each_other_at_once_leave_one_admin_key() throws Exception {
    String firstId = seededAdminId(first);
    Reply made = first.post("/keys", "{\"name\":\"second-admin\",\"role\":\"admin\"}");
    assertThat(made.status()).as(made.text()).isEqualTo(201);
    String secondId = made.json().path("id").asText();
    ApiClient second = first.withKey(made.json().path("key").asText());
    // Both keys used just now: authenticating them again writes nothing (no last-used update).
    assertThat(second.get("/me").status()).isEqualTo(200);
    assertThat(activeAdmins()).containsExactlyInAnyOrder(firstId, secondId);

    List<Reply> replies = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(2);
    // The test holds the audit table, so neither revocation can commit until both have been made
    // as far as the database lets them: the window two requests race in, held open for certain.
    try (Connection holder = DB.connect()) {
      holder.setAutoCommit(false);
      try (Statement lock = holder.createStatement()) {
        lock.execute("LOCK TABLE carillon_audit IN EXCLUSIVE MODE");
      }
      CountDownLatch go = new CountDownLatch(1);
      Future<Reply> firstRevokes =
          callers.submit(() -> awaitThen(go, () -> first.delete("/keys/" + secondId)));
      Future<Reply> secondRevokes =
          callers.submit(() -> awaitThen(go, () -> second.delete("/keys/" + firstId)));
      go.countDown();
      try {
        await("both revocations waiting in the database")
            .atMost(Duration.ofSeconds(8))
            .until(() -> DB.number(WAITING_ON_KEYS_OR_AUDIT) == 2);
      } finally {
        holder.commit();
      }
      replies.add(firstRevokes.get(30, TimeUnit.SECONDS));
      replies.add(secondRevokes.get(30, TimeUnit.SECONDS));
    } finally {
      callers.shutdownNow();
    }

    assertThat(replies).extracting(Reply::status).containsExactlyInAnyOrder(204, 409);
    Reply refused = replies.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.json().path("status").asInt()).isEqualTo(409);
    assertThat(refused.json().path("detail").asText()).contains("last active admin key");
    assertThat(activeAdmins()).hasSize(1);
    assertThat(DB.number("SELECT count(*) FROM carillon_audit WHERE action = 'key.revoke'"))
        .as("one revocation, one audit entry")
        .isEqualTo(1);

    // The survivor still manages keys, and cannot revoke itself either.
    String survivor = activeAdmins().get(0);
    ApiClient remaining = survivor.equals(firstId) ? first : second;
    assertThat(remaining.get("/keys").status()).isEqualTo(200);
    Reply self = remaining.delete("/keys/" + survivor);
    assertThat(self.status()).as(self.text()).isEqualTo(409);
    assertThat(self.json().path("detail").asText()).contains("last active admin key");
  }

  private static String seededAdminId(ApiClient client) {
    assertThat(client.get("/me").status()).isEqualTo(200);
    return DB.strings(
            "SELECT id FROM carillon_api_key WHERE key_hash = ?", ApiKeys.hash(ApiApp.ADMIN_KEY))
        .get(0);
  }

  private static List<String> activeAdmins() {
    return DB.strings(
        "SELECT id FROM carillon_api_key WHERE role = 'admin' AND revoked_at IS NULL ORDER BY id");
  }

  private static Reply awaitThen(CountDownLatch go, java.util.concurrent.Callable<Reply> call)
      throws Exception {
    go.await();
    return call.call();
  }
}
