package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V9 on a database that already has jobs and runs: the runs of an existing job since it was created
 * stay its history, older runs under its name (an earlier job, deleted) and runs of jobs that no
 * longer exist belong to no current job.
 */
class IncarnationMigrationIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(IncarnationMigrationIT.class);

  private static Flyway flyway(String target) {
    return Flyway.configure(IncarnationMigrationIT.class.getClassLoader())
        .dataSource(DB.url(), DB.user(), DB.password())
        .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
        .target(target)
        .load();
  }

  @Test
  void existing_runs_are_assigned_to_the_job_they_ran_for() throws Exception {
    flyway("7").migrate();
    try (Connection connection = DB.connect();
        Statement sql = connection.createStatement()) {
      sql.execute(
          "INSERT INTO carillon_job (sched_name, job_group, job_name, type, definition, enabled,"
              + " version, source, created_at, updated_at) VALUES ('carillon', 'g', 'kept',"
              + " 'noop', '{}', true, 1, 'api', '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z')");
      String run =
          "INSERT INTO carillon_execution (id, fire_id, job_group, job_name, node_id, started_at,"
              + " status) VALUES ('%s', '%s', 'g', '%s', 'n', '%s', 'SUCCEEDED')";
      sql.execute(String.format(run, "mine", "f1", "kept", "2026-06-02T00:00:00Z"));
      sql.execute(String.format(run, "earlier-job", "f2", "kept", "2026-05-01T00:00:00Z"));
      sql.execute(String.format(run, "deleted-job", "f3", "gone-job", "2026-06-02T00:00:00Z"));
    }

    flyway("9").migrate();

    assertThat(DB.strings("SELECT incarnation FROM carillon_job")).containsExactly("v9");
    assertThat(
            DB.strings("SELECT id || '=' || job_incarnation FROM carillon_execution ORDER BY id"))
        .containsExactly("deleted-job=gone", "earlier-job=gone", "mine=v9");
  }
}
