package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Jobs declared in config.yml, reconciled by several server processes on one database. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigJobsClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ConfigJobsClusterIT.class);

  /** Quartz jobs of the API: Carillon's own canary, in its reserved group, is not one. */
  private static final String QUARTZ_JOBS =
      "SELECT count(*) FROM qrtz_job_details WHERE job_group <> 'carillon.internal'";

  private static final String DECLARED =
      """
        - group: reports
          name: nightly
          type: noop
          schedule: {cron: "0 0 3 * * ?", timeZone: Europe/Zurich}
        - group: reports
          name: hourly
          type: noop
          schedule: {every: PT1H}
        - group: housekeeping
          name: on-demand
          type: sleep
          params: {duration: PT0.01S}
      """;

  @TempDir static Path workDir;

  @Test
  @Order(1)
  void three_servers_starting_at_once_leave_exactly_one_copy_of_each_declared_job() {
    Path config = ServerProcess.configWithJobs(workDir, DECLARED, false);
    List<ServerProcess> servers =
        IntStream.range(0, 3)
            .mapToObj(
                i -> ServerProcess.server(workDir.resolve("node-" + i), env("node-" + i), config))
            .toList();
    try {
      servers.forEach(ServerProcess::awaitHealthy);

      assertThat(
              DB.strings(
                  "SELECT job_group || '/' || job_name || ' ' || source || ' v' || version"
                      + " FROM carillon_job ORDER BY 1"))
          .containsExactly(
              "housekeeping/on-demand config v1",
              "reports/hourly config v1",
              "reports/nightly config v1");
      assertThat(DB.number(QUARTZ_JOBS)).isEqualTo(3);
      assertThat(
              DB.strings(
                  "SELECT trigger_name FROM qrtz_triggers"
                      + " WHERE trigger_group <> 'carillon.internal' ORDER BY 1"))
          .containsExactly("hourly", "nightly");
      long creators =
          servers.stream().filter(s -> s.output().contains("Report[created=3,")).count();
      assertThat(creators).as("servers that created the jobs").isEqualTo(1);
    } finally {
      servers.forEach(ServerProcess::close);
    }
  }

  @Test
  @Order(2)
  void a_changed_list_updates_the_changed_job_and_keeps_a_removed_one_unless_pruning() {
    String changed =
        """
          - group: reports
            name: nightly
            type: noop
            description: now at four
            schedule: {cron: "0 0 4 * * ?", timeZone: Europe/Zurich}
          - group: reports
            name: hourly
            type: noop
            schedule: {every: PT1H}
        """;
    try (ServerProcess server =
        ServerProcess.server(
            workDir.resolve("keep"),
            env("keeper"),
            ServerProcess.configWithJobs(workDir, changed, false))) {
      server.awaitHealthy();
      assertThat(server.output())
          .contains("are no longer listed and are kept")
          .contains("housekeeping/on-demand");
    }
    assertThat(DB.strings("SELECT job_name || ' v' || version FROM carillon_job ORDER BY 1"))
        .containsExactly("hourly v1", "nightly v2", "on-demand v1");
    assertThat(DB.strings("SELECT cron_expression FROM qrtz_cron_triggers"))
        .containsExactly("0 0 4 * * ?");

    try (ServerProcess server =
        ServerProcess.server(
            workDir.resolve("prune"),
            env("pruner"),
            ServerProcess.configWithJobs(workDir, changed, true))) {
      server.awaitHealthy();
    }
    assertThat(DB.strings("SELECT job_name FROM carillon_job ORDER BY 1"))
        .containsExactly("hourly", "nightly");
    assertThat(DB.number(QUARTZ_JOBS)).isEqualTo(2);
  }

  @Test
  @Order(3)
  void an_invalid_declared_job_stops_the_start_with_one_line_naming_it() {
    String broken =
        """
          - name: bad
            type: noop
            schedule: {cron: "every tuesday"}
        """;
    ServerProcess server =
        ServerProcess.server(
            workDir.resolve("broken"),
            env("broken"),
            ServerProcess.configWithJobs(workDir, broken, false));

    assertThat(server.awaitExit(Duration.ofSeconds(60))).isNotZero();
    assertThat(server.output())
        .contains("carillon: jobs[0].schedule.cron:")
        .doesNotContain("\tat ");
  }

  private static Map<String, String> env(String node) {
    return Map.of(
        "DATABASE_URL", DB.url(),
        "DATABASE_USER", DB.user(),
        "DATABASE_PASSWORD", DB.password(),
        "CARILLON_NODE_ID", node);
  }
}
