package io.carillon.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.carillon.server.common.Role;
import io.carillon.server.core.AuditLog;
import io.carillon.server.db.ApiKeyDao;
import io.carillon.server.db.AuditDao;
import io.carillon.server.testing.ClusterRows;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.SettableClock;
import io.dropwizard.jackson.Jackson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keys a node makes as it starts, against the real store on a settable clock: each is audited
 * in the transaction that stores it, by the configuration file or by Carillon, and never with the
 * key itself; a key whose audit entry cannot be written is not stored.
 */
class StartupKeysIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(StartupKeysIT.class);

  private static final String CLUSTER = "keys";
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private static final ClusterRows ROWS = new ClusterRows(DB, CLUSTER);
  private static final String CONFIGURED = "configured-key-0123456789abcdef";

  private final SettableClock clock = new SettableClock(T0);
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @AfterAll
  static void close() {
    ROWS.close();
  }

  @BeforeEach
  void empty() {
    ROWS.database();
    DB.acceptInserts("carillon_audit");
    DB.execute("DELETE FROM carillon_api_key");
    DB.execute("DELETE FROM carillon_audit");
  }

  @Test
  void the_first_admin_key_is_audited_as_made_by_carillon_without_the_key() {
    startupKeys().apply(List.of());

    String key = printedKey();
    String id = DB.strings("SELECT id FROM carillon_api_key").get(0);
    assertThat(DB.auditLines())
        .containsExactly("carillon carillon key.create key:" + id + " " + T0.toString());
    String after = DB.strings("SELECT after_json FROM carillon_audit").get(0);
    assertThat(after)
        .contains("\"name\":\"first-admin\"", "\"role\":\"admin\"", "\"source\":\"first-start\"")
        .doesNotContain(key)
        .doesNotContain(ApiKeys.hash(key));
  }

  @Test
  void a_configured_key_is_audited_once_as_made_by_the_configuration_file() {
    startupKeys().apply(List.of(configured("deploy", Role.ADMIN, CONFIGURED)));
    clock.advance(Duration.ofHours(1));
    startupKeys().apply(List.of(configured("deploy", Role.ADMIN, CONFIGURED)));

    String id = DB.strings("SELECT id FROM carillon_api_key").get(0);
    assertThat(DB.auditLines())
        .as("the second start finds the key stored and records nothing")
        .containsExactly("config carillon.yml key.create key:" + id + " " + T0.toString());
    String after = DB.strings("SELECT after_json FROM carillon_audit").get(0);
    assertThat(after)
        .contains("\"name\":\"deploy\"", "\"source\":\"config\"")
        .doesNotContain(CONFIGURED)
        .doesNotContain(ApiKeys.hash(CONFIGURED));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .as("a configured key is not printed, and no first key is made beside it")
        .isEmpty();
  }

  @Test
  void a_key_whose_audit_entry_cannot_be_written_is_not_stored() {
    DB.refuseInserts("carillon_audit");
    StartupKeys keys = startupKeys();

    assertThatThrownBy(() -> keys.apply(List.of(configured("deploy", Role.VIEWER, CONFIGURED))))
        .hasMessageContaining("inserts refused");
    assertThat(DB.number("SELECT count(*) FROM carillon_api_key")).isZero();
    assertThatThrownBy(() -> keys.apply(List.of())).hasMessageContaining("inserts refused");
    assertThat(DB.number("SELECT count(*) FROM carillon_api_key")).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("FIRST ADMIN KEY");
  }

  private StartupKeys startupKeys() {
    DataSource pool = ROWS.database().dataSource();
    ApiKeys keys =
        new ApiKeys(
            new ApiKeyDao(pool, CLUSTER),
            new AuditLog(
                new AuditDao(pool, CLUSTER),
                Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS),
                clock),
            clock);
    return new StartupKeys(
        keys,
        new PrintStream(printed, true, StandardCharsets.UTF_8),
        "http://localhost:8080",
        "/etc/carillon/carillon.yml");
  }

  private String printedKey() {
    String output = printed.toString(StandardCharsets.UTF_8);
    Matcher key = Pattern.compile("FIRST ADMIN KEY[^:]*: (crl_\\S+)").matcher(output);
    assertThat(key.find()).as(output).isTrue();
    return key.group(1);
  }

  private static AuthFactory.ConfiguredKey configured(String name, Role role, String key) {
    AuthFactory.ConfiguredKey configured = new AuthFactory.ConfiguredKey();
    configured.setName(name);
    configured.setRole(role);
    configured.setKey(key);
    return configured;
  }
}
