package io.carillon.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.server.common.StartupException;
import org.junit.jupiter.api.Test;

class DatabaseDialectTest {
  @Test
  void postgresql_and_h2_urls_are_recognised_in_any_case() {
    assertThat(DatabaseDialect.of("jdbc:postgresql://db:5432/carillon"))
        .isEqualTo(DatabaseDialect.POSTGRESQL);
    assertThat(DatabaseDialect.of("JDBC:H2:file:./data/carillon")).isEqualTo(DatabaseDialect.H2);
  }

  @Test
  void other_urls_are_refused_naming_the_accepted_forms() {
    assertThatThrownBy(() -> DatabaseDialect.of("jdbc:mysql://db/carillon"))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("database.url")
        .hasMessageContaining("jdbc:postgresql://host:port/db");
  }

  @Test
  void h2_urls_get_the_postgresql_compatibility_settings_once() {
    String url = DatabaseDialect.H2.connectionUrl("jdbc:h2:file:./data/carillon");

    assertThat(url)
        .isEqualTo(
            "jdbc:h2:file:./data/carillon;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(DatabaseDialect.H2.connectionUrl(url)).isEqualTo(url);
  }

  @Test
  void postgresql_urls_are_used_as_given() {
    String url = "jdbc:postgresql://db:5432/carillon?sslmode=require";

    assertThat(DatabaseDialect.POSTGRESQL.connectionUrl(url)).isEqualTo(url);
  }

  @Test
  void quartz_schema_is_shared_and_carillon_tables_are_per_vendor() {
    assertThat(DatabaseDialect.POSTGRESQL.migrationLocations())
        .containsExactly("classpath:db/migration/common", "classpath:db/migration/postgresql");
    assertThat(DatabaseDialect.H2.migrationLocations())
        .containsExactly("classpath:db/migration/common", "classpath:db/migration/h2");
  }

  @Test
  void passwords_in_urls_are_redacted() {
    assertThat(RedactedUrl.of("jdbc:postgresql://db/x?user=a&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/x?user=a&password=***&ssl=true");
    assertThat(RedactedUrl.of("jdbc:postgresql://alice:s3cret@db/x"))
        .isEqualTo("jdbc:postgresql://alice:***@db/x");
  }
}
