package io.carillon.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.CommandLine;
import io.carillon.server.testing.CommandLine.Result;
import io.carillon.server.testing.FreePort;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code carillon} command-line client against a real server process on PostgreSQL, each
 * command its own process as an operator runs it: what it prints (JSON parsed), and its exit code.
 */
class CommandLineIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(CommandLineIT.class);

  @TempDir static Path workDir;

  private static ServerProcess server;
  private static String url;
  private static CommandLine cli;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    int port = FreePort.pick();
    url = "http://127.0.0.1:" + port;
    server =
        ServerProcess.server(
                workDir.resolve("server"),
                Map.of(
                    "DATABASE_URL", DB.url(),
                    "DATABASE_USER", DB.user(),
                    "DATABASE_PASSWORD", DB.password(),
                    "CARILLON_ADMIN_KEY", ApiApp.ADMIN_KEY,
                    "CARILLON_SHELL_ENABLED", "true",
                    // echo and ls, so that runs have output and can fail with a status and stderr;
                    // a list setting given from the environment, as a YAML list.
                    "CARILLON_SHELL_ALLOW",
                        "[{command: [/bin/echo], args: any}, {command: [/bin/ls], args: any}]",
                    "PORT", Integer.toString(port)))
            .awaitHealthy();
    cli = new CommandLine(workDir.resolve("cli"), url, ApiApp.ADMIN_KEY);
    api = new ApiClient(url + "/api/v1", ApiApp.ADMIN_KEY);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void dash_v_prints_the_version_of_the_jar() {
    Result result = cli.run("-v");

    assertThat(result.exit()).as(result.toString()).isZero();
    assertThat(result.out().strip()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void apply_dry_run_shows_the_diff_and_changes_nothing_then_apply_creates_updates_and_prunes()
      throws IOException {
    Path file =
        write(
            "apply.yml",
            """
            jobs:
              - group: applied
                name: nightly
                type: noop
                schedule: {cron: "0 0 3 * * ?", timeZone: Europe/Zurich}
              - group: applied
                name: hourly
                type: noop
                schedule: {every: PT1H}
            """);

    Result dry = cli.run("apply", "-f", file.toString(), "--dry-run", "-o", "json");
    assertThat(dry.exit()).as(dry.toString()).isZero();
    assertThat(dry.json().path("dryRun").asBoolean()).isTrue();
    assertThat(actions(dry.json()))
        .containsExactly("applied/nightly=create", "applied/hourly=create");
    assertThat(cli.run("jobs", "get", "applied/nightly").exit()).isEqualTo(3);

    Result applied = cli.run("apply", "-f", file.toString(), "-o", "json");
    assertThat(applied.exit()).as(applied.toString()).isZero();
    assertThat(actions(applied.json()))
        .containsExactly("applied/nightly=create", "applied/hourly=create");
    assertThat(api.get("/jobs/applied/nightly").status()).isEqualTo(200);

    Files.writeString(
        file,
        """
        jobs:
          - group: applied
            name: nightly
            type: noop
            schedule: {cron: "0 0 4 * * ?", timeZone: Europe/Zurich}
        """);
    Result diff =
        cli.run(
            "apply",
            "-f",
            file.toString(),
            "--dry-run",
            "--prune",
            "--group",
            "applied",
            "-o",
            "json");
    assertThat(diff.exit()).as(diff.toString()).isZero();
    assertThat(actions(diff.json()))
        .containsExactly("applied/nightly=update", "applied/hourly=delete");
    JsonNode change = diff.json().path("changes").get(0).path("diff").get(0);
    assertThat(change.path("field").asText()).isEqualTo("schedule.cron");
    assertThat(change.path("before").asText()).isEqualTo("0 0 3 * * ?");
    assertThat(change.path("after").asText()).isEqualTo("0 0 4 * * ?");
    assertThat(api.get("/jobs/applied/hourly").status()).isEqualTo(200);

    Result table = cli.run("apply", "-f", file.toString(), "--prune", "--group", "applied");
    assertThat(table.exit()).as(table.toString()).isZero();
    assertThat(table.out())
        .contains("applied/nightly  update")
        .contains("schedule.cron: \"0 0 3 * * ?\" -> \"0 0 4 * * ?\"")
        .contains("applied/hourly   delete");
    assertThat(api.get("/jobs/applied/hourly").status()).isEqualTo(404);
    assertThat(api.get("/jobs/applied/nightly").json().path("schedule").path("cron").asText())
        .isEqualTo("0 0 4 * * ?");
  }

  @Test
  void jobs_get_shows_the_chain_a_job_is_part_of_in_words() {
    createJob("chain", "extract", "{\"type\":\"noop\"}");
    createJob(
        "chain",
        "load",
        "{\"type\":\"noop\",\"after\":[{\"job\":\"chain/extract\",\"on\":\"finished\"}]}");

    Result load = cli.run("jobs", "get", "chain/load");
    assertThat(load.exit()).as(load.toString()).isZero();
    assertThat(load.out()).containsPattern("after +chain/extract \\(on finished\\)");
    Result extract = cli.run("jobs", "get", "chain/extract");
    assertThat(extract.out()).containsPattern("downstream +chain/load \\(on finished\\)");
  }

  @Test
  void what_export_prints_applies_back_unchanged_in_yaml_and_json() throws IOException {
    createJob(
        "exported",
        "a",
        "{\"type\":\"noop\",\"labels\":{\"team\":\"ops\"},\"schedule\":{\"every\":\"PT6H\"}}");
    createJob("exported", "b", "{\"type\":\"sleep\",\"params\":{\"duration\":\"PT0.1S\"}}");

    Result yaml = cli.run("export", "--group", "exported");
    assertThat(yaml.exit()).as(yaml.toString()).isZero();
    assertThat(yaml.out()).startsWith("jobs:").contains("name: a").contains("team: ops");
    Result json = cli.run("export", "--group", "exported", "-o", "json");
    assertThat(json.json().path("jobs")).hasSize(2);

    Path yamlFile = write("export.yml", yaml.out());
    Result again = cli.run("apply", "-f", yamlFile.toString(), "-o", "json");
    assertThat(actions(again.json()))
        .containsExactly("exported/a=unchanged", "exported/b=unchanged");
    Path jsonFile = write("export.json", json.out());
    Result fromJson = cli.run("apply", "-f", jsonFile.toString(), "--dry-run", "-o", "json");
    assertThat(actions(fromJson.json()))
        .containsExactly("exported/a=unchanged", "exported/b=unchanged");
  }

  @Test
  void jobs_list_get_pause_resume_delete_print_json_and_exit_zero() {
    createJob("listed", "one", "{\"type\":\"noop\",\"schedule\":{\"every\":\"PT1H\"}}");

    Result list = cli.run("jobs", "list", "--group", "listed", "-o", "json");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.json()).hasSize(1);
    assertThat(list.json().get(0).path("name").asText()).isEqualTo("one");

    Result table = cli.run("jobs", "list", "--group", "listed");
    assertThat(table.out()).startsWith("JOB").contains("listed/one").contains("every PT1H");

    Result get = cli.run("jobs", "get", "listed/one", "-o", "yaml");
    assertThat(get.exit()).isZero();
    assertThat(get.out()).contains("name: one").contains("state: scheduled");

    Result paused = cli.run("jobs", "pause", "listed/one", "-o", "json");
    assertThat(paused.exit()).as(paused.toString()).isZero();
    assertThat(paused.json().path("state").asText()).isEqualTo("paused");
    Result resumed = cli.run("jobs", "resume", "listed/one", "-o", "json");
    assertThat(resumed.json().path("state").asText()).isEqualTo("scheduled");

    Result deleted = cli.run("jobs", "delete", "listed/one");
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    Result gone = cli.run("jobs", "get", "listed/one");
    assertThat(gone.exit()).isEqualTo(3);
    assertThat(gone.err().strip())
        .isEqualTo("carillon: not found (404): job listed/one does not exist");
  }

  @Test
  void jobs_run_wait_prints_the_output_and_exits_with_the_status_of_the_run() {
    createJob(
        "runs",
        "echo",
        "{\"type\":\"shell\",\"params\":{\"command\":[\"/bin/echo\",\"hello\"]},\"overridable\":[]}");
    createJob(
        "runs",
        "broken",
        "{\"type\":\"shell\",\"params\":{\"command\":[\"/bin/ls\",\"/no/such/dir\"]}}");

    Result ok = cli.run("jobs", "run", "runs/echo", "--wait");
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("hello");
    assertThat(ok.err()).contains("SUCCEEDED");

    Result failed = cli.run("jobs", "run", "runs/broken", "--wait", "-o", "json");
    assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.json().path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.json().path("output").asText()).contains("/no/such/dir");

    Result noop = cli.run("jobs", "run", "runs/noop-missing", "--wait");
    assertThat(noop.exit()).isEqualTo(3);

    // Why it failed, in one line: the exit status and what the command said, no Java in sight.
    String reason =
        cli.run("jobs", "get", "runs/broken", "-o", "json").json().path("lastError").asText();
    assertThat(reason).startsWith("command exited with status 2: ").contains("/no/such/dir");
    assertThat(reason).doesNotContain("Exception").doesNotContain("\n");
    Result list = cli.run("jobs", "list", "--group", "runs");
    assertThat(list.out()).contains("LAST ERROR").contains(reason);
    assertThat(cli.run("jobs", "get", "runs/echo", "-o", "json").json().has("lastError")).isFalse();
  }

  @Test
  void jobs_run_passes_params_and_runs_list_get_output_show_the_run() {
    createJob("params", "flaky", "{\"type\":\"noop\",\"overridable\":[\"fail\"]}");

    Result failed =
        cli.run("jobs", "run", "params/flaky", "--param", "fail=true", "--wait", "-o", "json");
    assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
    // The run records what it was run with.
    assertThat(failed.json().path("output").asText())
        .startsWith("[carillon] manual run; parameters overridden for this run: {\"fail\":true}");
    Result started = cli.run("jobs", "run", "params/flaky", "-o", "json");
    assertThat(started.exit()).as(started.toString()).isZero();
    String id = started.json().path("executionId").asText();
    assertThat(id).isNotBlank();

    Result follow = cli.run("runs", "output", id, "--follow");
    assertThat(follow.exit()).as(follow.toString()).isZero();
    Result get = cli.run("runs", "get", id, "-o", "json");
    assertThat(get.exit()).isZero();
    assertThat(get.json().path("status").asText()).isEqualTo("SUCCEEDED");
    Result output = cli.run("runs", "output", id);
    assertThat(output.exit()).isZero();

    Result list = cli.run("runs", "list", "--job", "params/flaky", "-o", "json");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.json()).hasSize(2);
    assertThat(list.json().get(0).path("id").asText()).isEqualTo(id);
    assertThat(list.json().get(1).path("status").asText()).isEqualTo("FAILED");
    Result failures = cli.run("runs", "list", "--status", "FAILED", "--group", "params");
    assertThat(failures.out()).startsWith("ID").contains("params/flaky").contains("FAILED");
  }

  @Test
  void wait_with_a_timeout_gives_up_with_its_own_exit_code_and_says_how_to_follow() {
    createJob("slow", "sleepy", "{\"type\":\"sleep\",\"params\":{\"duration\":\"PT60S\"}}");

    Result gaveUp = cli.run("jobs", "run", "slow/sleepy", "--wait", "--timeout", "1");

    assertThat(gaveUp.exit()).as(gaveUp.toString()).isEqualTo(7);
    assertThat(gaveUp.err().strip())
        .matches(
            "carillon: execution \\S+ is still running; follow it with: carillon runs output"
                + " --follow \\S+");
    assertThat(api.post("/jobs/slow/sleepy/interrupt", null).status()).isEqualTo(202);
  }

  @Test
  void status_shows_the_node_and_counts_the_failing_jobs() {
    createJob("status", "failing", "{\"type\":\"noop\",\"params\":{\"fail\":true}}");
    assertThat(cli.run("jobs", "run", "status/failing", "--wait").exit()).isEqualTo(1);

    Result status = cli.run("status", "-o", "json");
    assertThat(status.exit()).as(status.toString()).isZero();
    assertThat(status.json().path("cluster").path("nodes")).hasSize(1);
    assertThat(status.json().path("jobs").path("failing").asInt()).isGreaterThanOrEqualTo(1);
    List<String> failing = new ArrayList<>();
    status.json().path("failing").forEach(job -> failing.add(job.path("name").asText()));
    assertThat(failing).contains("failing");

    assertThat(status.json().path("cluster").path("paused").isObject()).isFalse();
    assertThat(status.json().path("cluster").path("canary").path("ageMs").isNumber()).isTrue();

    Result table = cli.run("status");
    assertThat(table.out())
        .contains("cluster carillon: running")
        .contains("canary: last fired")
        .contains("NODE")
        .contains("status/failing");

    assertThat(api.post("/scheduler/pause-all", "{\"reason\":\"db upgrade\"}").status())
        .isEqualTo(200);
    try {
      Result paused = cli.run("status");
      assertThat(paused.out()).contains("cluster carillon: PAUSED (db upgrade) by admin");
    } finally {
      assertThat(api.post("/scheduler/resume-all", null).status()).isEqualTo(200);
    }
  }

  @Test
  void failures_are_one_line_with_an_exit_code_a_script_can_tell_apart() {
    Result wrongKey = cli.withKey("not-a-key").run("jobs", "list");
    assertThat(wrongKey.exit()).isEqualTo(4);
    assertThat(wrongKey.err().strip())
        .isEqualTo(
            "carillon: the server did not accept the API key (401): check --key or CARILLON_KEY");

    Result noKey = cli.withKey(null).run("status");
    assertThat(noKey.exit()).isEqualTo(4);
    assertThat(noKey.err()).contains("no API key given");

    String viewer =
        api.post("/keys", "{\"name\":\"cli-viewer\",\"role\":\"viewer\"}")
            .json()
            .path("key")
            .asText();
    createJob("denied", "job", "{\"type\":\"noop\"}");
    Result forbidden = cli.withKey(viewer).run("jobs", "run", "denied/job");
    assertThat(forbidden.exit()).as(forbidden.toString()).isEqualTo(4);
    assertThat(forbidden.err()).startsWith("carillon: forbidden (403): ");

    Result refused = cli.run("status", "--url", "http://127.0.0.1:" + FreePort.pick());
    assertThat(refused.exit()).isEqualTo(6);
    assertThat(refused.err()).contains("connection refused").contains("is it running?");

    Result badArgs = cli.run("jobs", "lst");
    assertThat(badArgs.exit()).isEqualTo(2);

    Result conflict = cli.run("jobs", "delete", "denied/job", "--if-match", "99");
    assertThat(conflict.exit()).isEqualTo(5);

    Result badParam = cli.run("jobs", "run", "denied/job", "--param", "nonsense");
    assertThat(badParam.exit()).isEqualTo(2);
    assertThat(badParam.err().strip())
        .isEqualTo("carillon: --param takes NAME=VALUE, not 'nonsense'");

    for (Result result : List.of(wrongKey, noKey, forbidden, refused, conflict, badParam)) {
      assertThat(result.err().strip().lines()).as(result.toString()).hasSize(1);
      assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void check_accepts_the_shipped_config_and_names_a_bad_declared_job_in_one_line() {
    Result ok = cli.run("check", ServerProcess.CONFIG.toString());
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("is valid").contains("0 declared job(s)");

    Path bad =
        ServerProcess.configWithJobs(
            workDir,
            "  - name: typo\n    type: noop\n    schedule: {cron: \"0 0 25 * * ?\"}\n",
            false);
    Result refused = cli.run("check", bad.toString());
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err().strip()).startsWith("carillon: jobs[0].schedule.cron: ");
    assertThat(refused.err().strip().lines()).hasSize(1);

    Result store =
        cli.exec(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddw.scheduler.store=set-based",
                "-jar",
                ServerProcess.JAR.toString(),
                "check",
                ServerProcess.CONFIG.toString()),
            Map.of());
    assertThat(store.exit()).as(store.toString()).isEqualTo(1);
    assertThat(store.err().strip())
        .isEqualTo("carillon: scheduler.store: set-based needs PostgreSQL; use auto or stock");

    Result typo =
        cli.exec(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddw.scheduler.threadCuont=3",
                "-jar",
                ServerProcess.JAR.toString(),
                "check",
                ServerProcess.CONFIG.toString()),
            Map.of());
    assertThat(typo.exit()).isEqualTo(1);
    assertThat(typo.err().strip())
        .isEqualTo(
            "carillon: "
                + ServerProcess.CONFIG
                + ": scheduler.threadCuont (set by -Ddw.scheduler.threadCuont) is not a setting;"
                + " did you mean threadCount?");
  }

  @Test
  void the_bin_carillon_wrapper_runs_the_jar() {
    Path script = Path.of("../bin/carillon").toAbsolutePath().normalize();
    Result result =
        cli.exec(
            List.of(script.toString(), "jobs", "list", "-o", "json"),
            Map.of("CARILLON_JAR", ServerProcess.JAR.toString()));

    assertThat(result.exit()).as(result.toString()).isZero();
    assertThat(result.json().isArray()).isTrue();
  }

  private static void createJob(String group, String name, String json) {
    ApiClient.Reply reply = api.put("/jobs/" + group + "/" + name, json);
    assertThat(reply.status()).as(reply.toString()).isIn(200, 201);
  }

  private static List<String> actions(JsonNode result) {
    List<String> out = new ArrayList<>();
    result
        .path("changes")
        .forEach(c -> out.add(c.path("job").asText() + "=" + c.path("action").asText()));
    return out;
  }

  private static Path write(String name, String text) throws IOException {
    Path file = workDir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
