package io.carillon.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
                    "DATABASE_URL",
                    DB.url(),
                    "DATABASE_USER",
                    DB.user(),
                    "DATABASE_PASSWORD",
                    DB.password(),
                    "CARILLON_ADMIN_KEY",
                    ApiApp.ADMIN_KEY,
                    "CARILLON_SHELL_ENABLED",
                    "true",
                    // echo and ls, so that runs have output and can fail with a status and stderr;
                    // a list setting given from the environment, as a YAML list.
                    "CARILLON_SHELL_ALLOW",
                    "[{command: [/bin/echo], args: any}, {command: [/bin/ls], args: any}]",
                    // Late jobs show within a second, not the default 30 s.
                    "CARILLON_LATE_CHECK_EVERY",
                    "1s",
                    "PORT",
                    Integer.toString(port)))
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
  void jobs_groups_and_the_cluster_pause_with_a_reason_and_an_until_and_show_them() {
    createJob("pauses", "one", "{\"type\":\"noop\",\"schedule\":{\"every\":\"PT1H\"}}");
    Instant before = Instant.now();

    Result paused =
        cli.run(
            "jobs",
            "pause",
            "pauses/one",
            "--reason",
            "db upgrade",
            "--until",
            "PT2H",
            "-o",
            "json");
    assertThat(paused.exit()).as(paused.toString()).isZero();
    assertThat(paused.json().path("state").asText()).isEqualTo("paused");
    assertThat(paused.json().path("pause").path("reason").asText()).isEqualTo("db upgrade");
    String until = paused.json().path("pause").path("until").asText();
    assertThat(Instant.parse(until))
        .isBetween(before.plus(Duration.ofHours(2)), Instant.now().plus(Duration.ofHours(2)));
    Result listed = cli.run("jobs", "list", "--group", "pauses");
    assertThat(listed.out()).contains("paused (db upgrade) until " + until);
    assertThat(cli.run("jobs", "resume", "pauses/one", "-o", "json").json().has("pause")).isFalse();

    Result at = cli.run("jobs", "pause", "pauses/one", "--until", until, "-o", "json");
    assertThat(Instant.parse(at.json().path("pause").path("until").asText()))
        .isEqualTo(Instant.parse(until));
    assertThat(at.json().path("pause").has("reason")).isFalse();
    cli.run("jobs", "resume", "pauses/one");

    Result group = cli.run("groups", "pause", "pauses", "--reason", "freeze", "-o", "json");
    assertThat(group.exit()).as(group.toString()).isZero();
    assertThat(group.json().path("jobs").asInt()).isEqualTo(1);
    assertThat(group.json().path("pause").path("reason").asText()).isEqualTo("freeze");
    assertThat(cli.run("jobs", "list", "--group", "pauses").out())
        .contains("paused (freeze) by its group");
    Result groupResumed = cli.run("groups", "resume", "pauses");
    assertThat(groupResumed.exit()).as(groupResumed.toString()).isZero();
    assertThat(groupResumed.out()).startsWith("GROUP").contains("pauses").contains("scheduled");

    try {
      Result cluster = cli.run("cluster", "pause", "--reason", "maintenance", "--until", "PT1H");
      assertThat(cluster.exit()).as(cluster.toString()).isZero();
      assertThat(cluster.out()).startsWith("cluster: PAUSED (maintenance) by admin until ");
      assertThat(cli.run("status").out()).contains("PAUSED (maintenance) by admin until ");
    } finally {
      Result resumed = cli.run("cluster", "resume", "-o", "json");
      assertThat(resumed.exit()).as(resumed.toString()).isZero();
      assertThat(resumed.json().path("paused").asBoolean()).isFalse();
    }
    assertThat(cli.run("status").out()).contains("cluster carillon: running");

    Result badUntil = cli.run("jobs", "pause", "pauses/one", "--until", "tomorrow");
    assertThat(badUntil.exit()).isEqualTo(2);
    assertThat(badUntil.err().strip())
        .isEqualTo(
            "carillon: --until must be an ISO-8601 instant (2026-12-24T06:00:00Z) or duration"
                + " (PT2H), not 'tomorrow'; see 'carillon jobs pause --help'");
    Result negative = cli.run("groups", "pause", "pauses", "--until=-PT1H");
    assertThat(negative.exit()).isEqualTo(2);
    assertThat(negative.err()).contains("--until must be a duration after now");
    Result past = cli.run("jobs", "pause", "pauses/one", "--until", "2020-01-01T00:00:00Z");
    assertThat(past.exit()).as(past.toString()).isEqualTo(2);
    assertThat(past.err()).startsWith("carillon: refused (400): ").contains("until");
    Result missing = cli.run("jobs", "pause", "pauses/none", "--reason", "x");
    assertThat(missing.exit()).isEqualTo(3);
    String operator =
        api.post("/keys", "{\"name\":\"cli-operator\",\"role\":\"operator\"}")
            .json()
            .path("key")
            .asText();
    Result notAdmin = cli.withKey(operator).run("cluster", "pause");
    assertThat(notAdmin.exit()).as(notAdmin.toString()).isEqualTo(4);
    assertThat(api.get("/cluster").json().path("paused").isObject()).isFalse();
    assertThat(cli.run("jobs", "get", "pauses/one", "-o", "json").json().path("state").asText())
        .isEqualTo("scheduled");
    for (Result result : List.of(badUntil, negative, past, missing, notAdmin)) {
      assertOneLine(result);
    }
  }

  @Test
  void jobs_backfill_runs_past_fire_times_and_backfills_list_get_cancel_follow_them() {
    createJob(
        "backfilled",
        "daily",
        "{\"type\":\"noop\",\"schedule\":{\"cron\":\"0 0 3 * * ?\",\"timeZone\":\"UTC\"}}");
    Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant from = to.minus(Duration.ofDays(3));

    Result started =
        cli.run(
            "jobs",
            "backfill",
            "backfilled/daily",
            "--from",
            from.toString(),
            "--to",
            to.toString(),
            "--max-runs",
            "5",
            "-o",
            "json");
    assertThat(started.exit()).as(started.toString()).isZero();
    assertThat(started.json().path("total").asInt()).isEqualTo(3);
    String id = started.json().path("id").asText();
    for (JsonNode fire : started.json().path("fireTimes")) {
      assertThat(Instant.parse(fire.asText()).atZone(ZoneOffset.UTC).getHour()).isEqualTo(3);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> cli.run("backfills", "get", id, "-o", "json").json().path("status").asText(),
            "done"::equals);
    Result runs = cli.run("runs", "list", "--job", "backfilled/daily", "-o", "json");
    List<String> triggers = new ArrayList<>();
    runs.json().forEach(run -> triggers.add(run.path("trigger").asText()));
    assertThat(triggers).containsExactly("backfill", "backfill", "backfill");
    Result list = cli.run("backfills", "list", "backfilled/daily");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).startsWith("ID").contains(id).contains("done").contains("3/3");
    Result again = cli.run("backfills", "cancel", id);
    assertThat(again.exit()).as(again.toString()).isEqualTo(5);

    createJob(
        "backfilled",
        "slow",
        "{\"type\":\"sleep\",\"params\":{\"duration\":\"PT60S\"},"
            + "\"schedule\":{\"cron\":\"0 0 3 * * ?\",\"timeZone\":\"UTC\"}}");
    String slow =
        cli.run(
                "jobs",
                "backfill",
                "backfilled/slow",
                "--from",
                from.toString(),
                "--to",
                to.toString(),
                "-o",
                "json")
            .json()
            .path("id")
            .asText();
    Result cancelled = cli.run("backfills", "cancel", slow);
    assertThat(cancelled.exit()).as(cancelled.toString()).isZero();
    assertThat(cancelled.out()).contains(slow).contains("cancelled");
    assertThat(api.post("/jobs/backfilled/slow/interrupt", null).status()).isEqualTo(202);

    Result badFrom =
        cli.run("jobs", "backfill", "backfilled/daily", "--from", "monday", "--to", to.toString());
    assertThat(badFrom.exit()).isEqualTo(2);
    assertThat(badFrom.err().strip())
        .isEqualTo(
            "carillon: --from must be an ISO-8601 instant such as 2026-11-28T00:00:00Z, not"
                + " 'monday'; see 'carillon jobs backfill --help'");
    Result future =
        cli.run(
            "jobs",
            "backfill",
            "backfilled/daily",
            "--from",
            from.toString(),
            "--to",
            to.plus(Duration.ofDays(2)).toString());
    assertThat(future.exit()).as(future.toString()).isEqualTo(2);
    assertThat(future.err()).startsWith("carillon: refused (400): ").contains("to");
    Result tooMany =
        cli.run(
            "jobs",
            "backfill",
            "backfilled/daily",
            "--from",
            from.toString(),
            "--to",
            to.toString(),
            "--max-runs",
            "1");
    assertThat(tooMany.exit()).isEqualTo(2);
    assertThat(tooMany.err()).contains("maxRuns");
    Result zero =
        cli.run(
            "jobs",
            "backfill",
            "backfilled/daily",
            "--from",
            from.toString(),
            "--to",
            to.toString(),
            "--max-runs",
            "0");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err().strip())
        .isEqualTo("carillon: --max-runs must be at least 1; see 'carillon jobs backfill --help'");
    Result noJob =
        cli.run(
            "jobs",
            "backfill",
            "backfilled/none",
            "--from",
            from.toString(),
            "--to",
            to.toString());
    assertThat(noJob.exit()).isEqualTo(3);
    Result noBackfill = cli.run("backfills", "get", "no-such-backfill");
    assertThat(noBackfill.exit()).isEqualTo(3);
    Result noTo = cli.run("jobs", "backfill", "backfilled/daily", "--from", from.toString());
    assertThat(noTo.exit()).isEqualTo(2);
    assertThat(noTo.err().strip())
        .isEqualTo(
            "carillon: jobs backfill: argument --to is required;"
                + " see 'carillon jobs backfill --help'");
    for (Result result : List.of(again, badFrom, future, tooMany, zero, noJob, noBackfill, noTo)) {
      assertOneLine(result);
    }
  }

  @Test
  void runs_rerun_runs_a_finished_run_again_and_waits_for_it() {
    createJob(
        "rerun", "echo", "{\"type\":\"shell\",\"params\":{\"command\":[\"/bin/echo\",\"again\"]}}");
    String original =
        cli.run("jobs", "run", "rerun/echo", "--wait", "-o", "json").json().path("id").asText();

    Result rerun = cli.run("runs", "rerun", original, "--wait");
    assertThat(rerun.exit()).as(rerun.toString()).isZero();
    assertThat(rerun.out()).contains("again");
    assertThat(rerun.err()).contains("SUCCEEDED");
    Result json = cli.run("runs", "rerun", original, "--wait", "-o", "json");
    assertThat(json.exit()).as(json.toString()).isZero();
    assertThat(json.json().path("trigger").asText()).isEqualTo("rerun");
    assertThat(json.json().path("rerunOf").asText()).isEqualTo(original);
    Result started = cli.run("runs", "rerun", original);
    assertThat(started.exit()).as(started.toString()).isZero();
    assertThat(started.out()).startsWith("EXECUTION");

    createJob("rerun", "sleepy", "{\"type\":\"sleep\",\"params\":{\"duration\":\"PT60S\"}}");
    String running =
        cli.run("jobs", "run", "rerun/sleepy", "-o", "json").json().path("executionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/executions/" + running).status() == 200);
    Result stillRunning = cli.run("runs", "rerun", running);
    assertThat(stillRunning.exit()).as(stillRunning.toString()).isEqualTo(5);
    assertThat(stillRunning.err()).contains("is still running");
    assertThat(api.post("/jobs/rerun/sleepy/interrupt", null).status()).isEqualTo(202);

    Result missing = cli.run("runs", "rerun", "no-such-run");
    assertThat(missing.exit()).isEqualTo(3);
    Result badTimeout = cli.run("runs", "rerun", original, "--wait", "--timeout", "0");
    assertThat(badTimeout.exit()).isEqualTo(2);
    assertThat(badTimeout.err().strip())
        .isEqualTo(
            "carillon: --timeout must be at least 1 second; see 'carillon runs rerun --help'");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> cli.run("runs", "list", "--job", "rerun/echo", "-o", "json").json().size() == 4);
    for (Result result : List.of(stillRunning, missing, badTimeout)) {
      assertOneLine(result);
    }
  }

  @Test
  void calendars_put_get_list_and_delete_and_one_a_job_names_is_kept() throws IOException {
    Path file =
        write(
            "holidays.yml",
            """
            timeZone: Europe/Zurich
            description: Swiss public holidays
            excludeDates: ["2026-12-26"]
            excludeAnnual: ["12-25", "01-01"]
            excludeCron: "* * * ? * SUN"
            """);

    Result put = cli.run("calendars", "put", "cli-holidays", "-f", file.toString(), "-o", "json");
    assertThat(put.exit()).as(put.toString()).isZero();
    assertThat(put.json().path("calendar").path("timeZone").asText()).isEqualTo("Europe/Zurich");
    Result list = cli.run("calendars", "list");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out())
        .startsWith("CALENDAR")
        .containsPattern(
            "cli-holidays +Europe/Zurich +1 date, 2 annual days, cron \\* \\* \\* \\? \\* SUN +Swiss"
                + " public holidays");
    Result yaml = cli.run("calendars", "get", "cli-holidays", "-o", "yaml");
    assertThat(yaml.exit()).as(yaml.toString()).isZero();
    Path back = write("holidays-back.yml", yaml.out());
    Result again = cli.run("calendars", "put", "cli-holidays", "-f", back.toString(), "-o", "json");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.json()).isEqualTo(put.json());

    Path bad = write("bad-calendar.yml", "excludeDates: [\"2026-13-01\"]\ntimeZone: Mars/Base\n");
    Result refused = cli.run("calendars", "put", "cli-holidays", "-f", bad.toString());
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err())
        .startsWith("carillon: refused (400): ")
        .contains("excludeDates[0]")
        .contains("timeZone");
    Result noFile = cli.run("calendars", "put", "cli-holidays", "-f", "/no/such.yml");
    assertThat(noFile.exit()).isEqualTo(2);
    assertThat(noFile.err().strip()).isEqualTo("carillon: no such file: /no/such.yml");
    Path list2 = write("list-calendar.yml", "- a\n- b\n");
    Result notCalendar = cli.run("calendars", "put", "cli-holidays", "-f", list2.toString());
    assertThat(notCalendar.exit()).isEqualTo(2);

    createJob(
        "calendared",
        "daily",
        "{\"type\":\"noop\",\"calendar\":\"cli-holidays\","
            + "\"schedule\":{\"cron\":\"0 0 3 * * ?\",\"timeZone\":\"UTC\"}}");
    Result named = cli.run("calendars", "delete", "cli-holidays");
    assertThat(named.exit()).as(named.toString()).isEqualTo(5);
    assertThat(named.err().strip())
        .isEqualTo(
            "carillon: calendar cli-holidays is named by 1 job: calendared/daily; change or delete"
                + " those jobs first (409)");
    Result shown = cli.run("calendars", "get", "cli-holidays", "-o", "json");
    assertThat(shown.json().path("jobs").get(0).asText()).isEqualTo("calendared/daily");
    Result filtered = cli.run("jobs", "list", "--calendar", "cli-holidays", "-o", "json");
    assertThat(filtered.exit()).as(filtered.toString()).isZero();
    assertThat(filtered.json()).hasSize(1);
    assertThat(filtered.json().get(0).path("name").asText()).isEqualTo("daily");
    Result details = cli.run("calendars", "get", "cli-holidays");
    assertThat(details.exit()).as(details.toString()).isZero();
    assertThat(details.out())
        .startsWith("FIELD")
        .containsPattern("timeZone +Europe/Zurich")
        .containsPattern("jobs +calendared/daily");

    assertThat(cli.run("jobs", "delete", "calendared/daily").exit()).isZero();
    Result deleted = cli.run("calendars", "delete", "cli-holidays");
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    assertThat(deleted.out().strip()).isEqualTo("deleted calendar cli-holidays");
    Result gone = cli.run("calendars", "get", "cli-holidays");
    assertThat(gone.exit()).isEqualTo(3);
    assertThat(gone.err().strip())
        .isEqualTo("carillon: not found (404): calendar cli-holidays does not exist");
    for (Result result : List.of(refused, noFile, notCalendar, named, gone)) {
      assertOneLine(result);
    }
  }

  @Test
  void status_and_jobs_list_late_show_the_jobs_that_are_late() {
    createJob("late", "stale", "{\"type\":\"noop\",\"expect\":{\"successWithin\":\"PT1S\"}}");
    createJob("late", "fine", "{\"type\":\"noop\"}");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cli.run("jobs", "list", "--group", "late", "--late", "-o", "json").json().size()
                    == 1);
    Result late = cli.run("jobs", "list", "--group", "late", "--late", "-o", "json");
    assertThat(late.json().get(0).path("name").asText()).isEqualTo("stale");
    Result table = cli.run("jobs", "list", "--group", "late");
    assertThat(table.out()).containsPattern("late/stale +noop +scheduled, late");
    assertThat(table.out()).containsPattern("late/fine +noop +scheduled +");

    Result status = cli.run("status", "-o", "json");
    assertThat(status.json().path("jobs").path("late").asInt()).isGreaterThanOrEqualTo(1);
    Result text = cli.run("status");
    assertThat(text.out())
        .containsPattern("jobs: \\d+, \\d+ paused, \\d+ failing, [1-9]\\d* late")
        .contains("LATE JOB")
        .containsPattern("late/stale +\\S+ +no success since");
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
    assertThat(badArgs.err().strip())
        .startsWith("carillon: jobs: unknown action 'lst' (choose from 'list', ")
        .endsWith("; see 'carillon jobs --help'");
    Result badOption = cli.run("jobs", "list", "--bogus");
    assertThat(badOption.exit()).isEqualTo(2);
    assertThat(badOption.err().strip())
        .isEqualTo(
            "carillon: jobs list: unrecognized arguments: '--bogus';"
                + " see 'carillon jobs list --help'");

    Result conflict = cli.run("jobs", "delete", "denied/job", "--if-match", "99");
    assertThat(conflict.exit()).isEqualTo(5);

    Result badParam = cli.run("jobs", "run", "denied/job", "--param", "nonsense");
    assertThat(badParam.exit()).isEqualTo(2);
    assertThat(badParam.err().strip())
        .isEqualTo(
            "carillon: --param takes NAME=VALUE, not 'nonsense'; see 'carillon jobs run --help'");

    for (Result result :
        List.of(wrongKey, noKey, forbidden, refused, badArgs, badOption, conflict, badParam)) {
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

  private static void assertOneLine(Result result) {
    assertThat(result.err().strip().lines()).as(result.toString()).hasSize(1);
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
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
