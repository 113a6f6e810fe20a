package io.carillon.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.server.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Table maintenance on a migrated Carillon schema: it analyses a firing-path table that changed a
 * lot, vacuums one that autovacuum does not look after, and leaves the round to whichever node
 * holds the maintenance lock.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TableMaintenanceIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(TableMaintenanceIT.class);

  private static HikariDataSource pool;

  @BeforeAll
  static void migrate() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(DB.url());
    config.setUsername(DB.user());
    config.setPassword(DB.password());
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    new DatabaseMigrator(new Database(DatabaseDialect.POSTGRESQL, pool)).migrate();
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  /** Rows in qrtz_job_details, committed; PostgreSQL's counters catch up within a second. */
  private static void addJobs(int count) throws Exception {
    try (Connection conn = DB.connect();
        Statement statement = conn.createStatement()) {
      statement.execute(
          "INSERT INTO qrtz_job_details (sched_name, job_name, job_group, job_class_name,"
              + " is_durable, is_nonconcurrent, is_update_data, requests_recovery)"
              + " SELECT 'carillon', 'job-' || i, 'maintenance', 'x', true, false, false, false"
              + " FROM generate_series(1, "
              + count
              + ") i");
    }
  }

  private static List<String> maintainUntil(String expected) {
    TableMaintenance maintenance = new TableMaintenance(pool, Duration.ofSeconds(1));
    List<String> seen = new ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              seen.addAll(maintenance.maintain());
              return seen.contains(expected);
            });
    return seen;
  }

  @Test
  @Order(1)
  void analyses_a_firing_path_table_once_it_has_changed_more_than_its_threshold() throws Exception {
    addJobs(5_000);

    maintainUntil("analysed qrtz_job_details");

    assertThat(
            DB.number(
                "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'qrtz_job_details'"
                    + " AND last_analyze IS NOT NULL AND n_mod_since_analyze = 0"))
        .isEqualTo(1);
    assertThat(
            DB.number("SELECT reltuples::bigint FROM pg_class WHERE relname = 'qrtz_job_details'"))
        .isEqualTo(5_000);
  }

  @Test
  @Order(2)
  void vacuums_a_table_autovacuum_does_not_look_after() throws Exception {
    DB.execute("ALTER TABLE qrtz_job_details SET (autovacuum_enabled = false)");
    DB.execute("DELETE FROM qrtz_job_details WHERE job_group = 'maintenance'");

    maintainUntil("vacuumed qrtz_job_details");

    assertThat(
            DB.number(
                "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'qrtz_job_details'"))
        .isZero();
  }

  @Test
  @Order(3)
  void skips_the_round_while_another_node_holds_the_maintenance_lock() throws Exception {
    addJobs(3_000);
    TableMaintenance maintenance = new TableMaintenance(pool, Duration.ofSeconds(1));
    try (Connection other = DB.connect();
        Statement statement = other.createStatement()) {
      statement.execute("SELECT pg_advisory_lock(1131245172)");
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  DB.number(
                          "SELECT n_mod_since_analyze FROM pg_stat_user_tables"
                              + " WHERE relname = 'qrtz_job_details'")
                      >= 3_000);

      assertThat(maintenance.maintain()).isEmpty();

      statement.execute("SELECT pg_advisory_unlock(1131245172)");
    }
    assertThat(maintenance.maintain()).contains("analysed qrtz_job_details");
  }
}
