package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code db migrate config.yml} run as an operator runs it, twice on the same database. */
class MigrationIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(MigrationIT.class);

  /** Every column and index of the public schema: what "changes nothing" compares. */
  private static final String SCHEMA =
      "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable"
          + " FROM information_schema.columns WHERE table_schema = 'public'"
          + " UNION ALL SELECT indexname || ' ' || indexdef FROM pg_indexes"
          + " WHERE schemaname = 'public' ORDER BY 1";

  @TempDir Path workDir;

  @Test
  void
      migrations_apply_to_an_empty_database_and_a_second_run_changes_nothing_and_info_reports_it() {
    ServerProcess first = migrate();
    assertThat(first.awaitExit(Duration.ofSeconds(60))).as(first.output()).isZero();
    assertThat(first.output()).contains("Applied 21 migration(s); schema is at version 37");
    assertThat(
            DB.strings(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
        .contains(
            "qrtz_job_details",
            "qrtz_triggers",
            "qrtz_simple_triggers",
            "qrtz_cron_triggers",
            "qrtz_simprop_triggers",
            "qrtz_blob_triggers",
            "qrtz_calendars",
            "qrtz_paused_trigger_grps",
            "qrtz_fired_triggers",
            "qrtz_scheduler_state",
            "qrtz_locks",
            "carillon_execution",
            "carillon_job",
            "carillon_job_label",
            "carillon_api_key",
            "carillon_audit",
            "carillon_job_expect",
            "carillon_pause",
            "carillon_run_request",
            "carillon_backfill",
            "carillon_job_revision");
    List<String> schemaBefore = DB.strings(SCHEMA);
    List<String> historyBefore = history();

    ServerProcess second = migrate();

    assertThat(second.awaitExit(Duration.ofSeconds(60))).as(second.output()).isZero();
    assertThat(second.output()).contains("Applied 0 migration(s); schema is at version 37");
    assertThat(DB.strings(SCHEMA)).isEqualTo(schemaBefore);
    assertThat(history()).isEqualTo(historyBefore);

    ServerProcess info =
        ServerProcess.start(workDir, env(), List.of("db", "info", ServerProcess.CONFIG.toString()));
    assertThat(info.awaitExit(Duration.ofSeconds(60))).as(info.output()).isZero();
    assertThat(info.output()).contains("Schema is at version 37");
  }

  private List<String> history() {
    return DB.strings(
        "SELECT version || ' ' || checksum || ' ' || success FROM flyway_schema_history"
            + " ORDER BY installed_rank");
  }

  private ServerProcess migrate() {
    return ServerProcess.start(
        workDir, env(), List.of("db", "migrate", ServerProcess.CONFIG.toString()));
  }

  private static Map<String, String> env() {
    return Map.of(
        "DATABASE_URL", DB.url(), "DATABASE_USER", DB.user(), "DATABASE_PASSWORD", DB.password());
  }
}
