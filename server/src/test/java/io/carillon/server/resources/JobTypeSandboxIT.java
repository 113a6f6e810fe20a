package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code jobTypes} sandbox settings of config.yml reach the shell, cleanup and http types: what
 * they refuse is a 400 naming the field when a job is saved, and what they allow runs.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class JobTypeSandboxIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(JobTypeSandboxIT.class);

  private static final Path DIR = directories(Path.of("target", "job-type-sandbox-it"));

  private static final Path CONFIG =
      ServerProcess.configWith(
          DIR,
          "    allowedCommands: ${CARILLON_SHELL_ALLOW:-[]}\n",
          "    allowedCommands:\n"
              + "      - command: [/bin/echo]\n"
              + "        args: any\n"
              + "      - command: [/usr/bin/find, /srv/reports, -name, '*.csv', -delete]\n"
              + "      - command: [/usr/bin/env]\n");

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          CONFIG,
          Clock.systemUTC(),
          ConfigOverride.config("jobTypes.shell.enabled", "true"),
          ConfigOverride.config("jobTypes.shell.allowedEnv", "REPORT_DAY"),
          ConfigOverride.config("jobTypes.shell.path", "/usr/bin:/bin"),
          ConfigOverride.config(
              "jobTypes.shell.allowedWorkingDirs", DIR.resolve("work").toString()),
          ConfigOverride.config("jobTypes.cleanup.allowedRoots", DIR.resolve("clean").toString()),
          ConfigOverride.config("jobTypes.http.allowed", "127.0.0.2/32"),
          ConfigOverride.config("jobTypes.http.denied", "*.corp.example"));

  private final ApiClient api = ApiApp.client(APP);

  private static Path directories(Path dir) {
    try {
      Path absolute = dir.toAbsolutePath();
      Files.createDirectories(absolute.resolve("work/nightly"));
      Files.createDirectories(absolute.resolve("clean/exports"));
      Files.createDirectories(absolute.resolve("outside"));
      return absolute.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Reply create(String name, String type, String params) {
    return api.post(
        "/jobs",
        "{\"group\":\"sandbox\",\"name\":\""
            + name
            + "\",\"type\":\""
            + type
            + "\","
            + "\"params\":"
            + params
            + "}");
  }

  @Test
  void a_command_outside_the_allowlist_is_refused_on_params_command() {
    Reply reply = create("wipe", "shell", "{\"command\":[\"rm\",\"-rf\",\"/\"]}");

    assertField(reply, "params.command");
    assertThat(reply.text()).contains("not allowed");
    assertThat(DB.number("SELECT COUNT(*) FROM carillon_job WHERE job_name = 'wipe'")).isZero();
  }

  @Test
  void arguments_beyond_an_exact_entry_are_refused() {
    assertField(
        create(
            "sneaky",
            "shell",
            "{\"command\":[\"/usr/bin/find\",\"/srv/reports\",\"-name\",\"*.csv\",\"-delete\","
                + "\"-exec\",\"/bin/sh\",\"-c\",\"id\",\";\"]}"),
        "params.command");
  }

  @Test
  void only_the_allowed_variables_and_working_directories_are_accepted() {
    assertField(
        create(
            "hook",
            "shell",
            "{\"command\":[\"echo\",\"hi\"],\"env\":{\"PYTHONPATH\":\"/tmp/evil\"}}"),
        "params.env.PYTHONPATH");
    assertField(
        create("other-var", "shell", "{\"command\":[\"echo\",\"hi\"],\"env\":{\"HOME\":\"/\"}}"),
        "params.env.HOME");
    assertField(
        create(
            "escape",
            "shell",
            "{\"command\":[\"echo\",\"hi\"],\"workingDir\":\"" + DIR + "/work/../outside\"}"),
        "params.workingDir");
    assertThat(
            create(
                    "nightly",
                    "shell",
                    "{\"command\":[\"echo\",\"hi\"],\"env\":{\"REPORT_DAY\":\"monday\"},"
                        + "\"workingDir\":\""
                        + DIR
                        + "/work/nightly\"}")
                .status())
        .isEqualTo(201);
  }

  @Test
  void a_command_runs_with_the_configured_path_and_allowed_variables_only() {
    Reply created =
        create("env", "shell", "{\"command\":[\"env\"],\"env\":{\"REPORT_DAY\":\"monday\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);

    JsonNode execution = awaitFinished(run("env"));

    assertThat(execution.path("status").asText()).as(execution.toString()).isEqualTo("SUCCEEDED");
    String output = api.getText("/executions/" + execution.path("id").asText() + "/output").text();
    List<String> names = Arrays.stream(output.split("\n")).map(l -> l.split("=", 2)[0]).toList();
    assertThat(output).contains("PATH=/usr/bin:/bin\n").contains("REPORT_DAY=monday\n");
    assertThat(names).isSubsetOf("PATH", "REPORT_DAY", "HOME", "LANG", "LC_ALL", "TZ");
  }

  @Test
  void a_cleanup_must_stay_within_the_allowed_roots() {
    for (String directory : List.of("/tmp/..", "/etc", "/proc/self", DIR + "/clean/../outside")) {
      assertField(
          create("clean", "cleanup", "{\"directory\":\"" + directory + "\",\"maxFiles\":10}"),
          "params.directory");
    }
    Reply inside =
        create(
            "exports",
            "cleanup",
            "{\"directory\":\"" + DIR + "/clean/exports\",\"maxFiles\":10,\"dryRun\":true}");
    assertThat(inside.status()).as(inside.text()).isEqualTo(201);
  }

  @Test
  void http_jobs_are_kept_off_metadata_and_this_node_unless_the_configuration_allows() {
    for (String url :
        List.of(
            "http://169.254.169.254/latest/meta-data/iam/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://[fd00:ec2::254]/",
            "http://0x7f000001:8081/tasks/gc",
            "http://127.0.0.1:" + APP.getAdminPort() + "/tasks/log-level",
            "http://localhost:" + APP.getAdminPort() + "/tasks/gc",
            "https://billing.corp.example/")) {
      Reply reply = create("probe", "http", "{\"url\":\"" + url + "\"}");
      assertField(reply, "params.url");
      assertThat(reply.text()).as(url).contains("is not allowed");
    }
    Reply allowed = create("sidecar", "http", "{\"url\":\"http://127.0.0.2:9000/refresh\"}");
    assertThat(allowed.status()).as(allowed.text()).isEqualTo(201);
  }

  private String run(String name) {
    Reply reply = api.post("/jobs/sandbox/" + name + "/run", null);
    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
    return reply.json().path("executionId").asText();
  }

  private JsonNode awaitFinished(String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Reply reply = api.get("/executions/" + id);
              return reply.status() == 200 && !reply.json().path("finishedAt").isMissingNode();
            });
    return api.get("/executions/" + id).json();
  }
}
