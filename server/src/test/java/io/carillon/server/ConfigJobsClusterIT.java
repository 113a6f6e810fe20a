package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.FreePort;
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
    Path keeperConfig = ServerProcess.configWithJobs(workDir, changed, false);
    try (ServerProcess server =
        ServerProcess.server(workDir.resolve("keep"), env("keeper"), keeperConfig)) {
      server.awaitHealthy();
      assertThat(server.output())
          .contains("are no longer listed and are kept")
          .contains("housekeeping/on-demand")
          .contains(
              "Job reports/nightly changed as declared in "
                  + keeperConfig
                  + ": description, schedule.cron");
    }
    // Never silent: the audit log has the change, by the file, with the job before and after.
    assertThat(
            DB.strings(
                "SELECT actor_id || ' ' || actor_name || ' ' || action || ' ' || target"
                    + " FROM carillon_audit WHERE action = 'job.replace'"))
        .containsExactly(
            "config " + keeperConfig.getFileName() + " job.replace job:reports/nightly");
    assertThat(
            DB.strings(
                "SELECT before_json || ' => ' || after_json FROM carillon_audit"
                    + " WHERE action = 'job.replace'"))
        .singleElement()
        .asString()
        .contains("0 0 3 * * ?")
        .contains("now at four");
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

  @Test
  @Order(4)
  void the_api_may_pause_and_run_a_declared_job_but_not_change_or_delete_it() {
    String declared =
        """
          - group: reports
            name: nightly
            type: noop
            schedule: {cron: "0 0 4 * * ?", timeZone: Europe/Zurich}
          - group: adopted
            name: job
            type: noop
        """;
    int port = FreePort.pick();
    ApiClient api = new ApiClient("http://127.0.0.1:" + port + "/api/v1", ApiApp.ADMIN_KEY);
    Path config = ServerProcess.configWithJobs(workDir, declared, false);
    Map<String, String> env = new java.util.HashMap<>(env("guarded"));
    env.put("PORT", Integer.toString(port));
    env.put("CARILLON_ADMIN_KEY", ApiApp.ADMIN_KEY);
    // A job first made over the API, then declared in the file: the file takes it over, loudly.
    DB.execute("UPDATE carillon_job SET source = 'api' WHERE job_group = 'reports'");
    try (ServerProcess server = ServerProcess.server(workDir.resolve("guarded"), env, config)) {
      server.awaitHealthy();
      assertThat(server.output())
          .contains(
              "Job reports/nightly was managed over the API and is now declared in " + config);

      ApiClient.Reply put =
          api.put("/jobs/reports/nightly", "{\"type\":\"noop\",\"description\":\"edited\"}");
      assertThat(put.status()).as(put.toString()).isEqualTo(409);
      assertThat(put.json().path("detail").asText())
          .isEqualTo(
              "job reports/nightly is declared in "
                  + config
                  + " (jobs:): change it there; the API may only pause, resume and run it");
      ApiClient.Reply patch =
          api.send(
              "PATCH",
              "/jobs/reports/nightly",
              "application/merge-patch+json",
              "{\"description\":\"edited\"}");
      assertThat(patch.status()).as(patch.toString()).isEqualTo(409);
      assertThat(api.delete("/jobs/reports/nightly").status()).isEqualTo(409);
      ApiClient.Reply apply =
          api.post(
              "/jobs/apply",
              "{\"jobs\":[{\"group\":\"reports\",\"name\":\"nightly\",\"type\":\"noop\"}]}");
      assertThat(apply.status()).as(apply.toString()).isEqualTo(409);

      assertThat(api.post("/jobs/reports/nightly/pause", null).json().path("state").asText())
          .isEqualTo("paused");
      assertThat(api.post("/jobs/reports/nightly/run", "{}").status()).isEqualTo(202);
      assertThat(api.get("/jobs/reports/nightly").json().path("description").isMissingNode())
          .isTrue();
    }
  }

  private static Map<String, String> env(String node) {
    return Map.of(
        "DATABASE_URL", DB.url(),
        "DATABASE_USER", DB.user(),
        "DATABASE_PASSWORD", DB.password(),
        "CARILLON_NODE_ID", node);
  }
}
