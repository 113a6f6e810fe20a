package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code after} in jobs declared in config.yml (issue 18 §2): the file may list a job before the
 * upstream it waits on, and a cycle stops the server with one line naming its path.
 */
class DeclaredDependenciesIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(DeclaredDependenciesIT.class);

  @TempDir Path workDir;

  @Test
  void a_job_may_be_declared_before_its_upstream() {
    Path config =
        ServerProcess.configWithJobs(
            workDir,
            """
              - group: decl
                name: load
                type: noop
                after: [{job: decl/extract, on: failure}]
              - group: decl
                name: extract
                type: noop
            """,
            false);
    try (ServerProcess server = ServerProcess.server(workDir.resolve("ok"), env(), config)) {
      server.awaitHealthy();
      assertThat(
              DB.strings(
                  "SELECT job_name || ' after ' || upstream_group || '/' || upstream_name || ' on '"
                      + " || on_outcome FROM carillon_job_dependency"))
          .containsExactly("load after decl/extract on failure");
    }
  }

  @Test
  void a_declared_cycle_stops_the_server_naming_its_path() {
    Path config =
        ServerProcess.configWithJobs(
            workDir,
            """
              - group: loop
                name: a
                type: noop
                after: [{job: loop/b}]
              - group: loop
                name: b
                type: noop
                after: [{job: loop/a}]
            """,
            false);
    ServerProcess server = ServerProcess.server(workDir.resolve("cycle"), env(), config);
    assertThat(server.awaitExit(Duration.ofSeconds(60))).isNotZero();
    assertThat(server.output()).contains("jobs[0].after: cycle loop/a -> loop/b -> loop/a");

    ServerProcess check =
        ServerProcess.start(
            workDir.resolve("check"), Map.of(), List.of("check", config.toString()));
    assertThat(check.awaitExit(Duration.ofSeconds(60))).as("check config.yml finds it too").isOne();
    assertThat(check.output()).contains("jobs[1].after: cycle loop/b -> loop/a -> loop/b");
  }

  private static Map<String, String> env() {
    return Map.of(
        "DATABASE_URL", DB.url(),
        "DATABASE_USER", DB.user(),
        "DATABASE_PASSWORD", DB.password(),
        "CARILLON_ADMIN_KEY", ApiApp.ADMIN_KEY);
  }
}
