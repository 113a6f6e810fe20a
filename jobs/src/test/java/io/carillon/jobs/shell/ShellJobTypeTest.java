package io.carillon.jobs.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.jobs.FieldError;
import io.carillon.jobs.InvalidParametersException;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.ShellSettings;
import io.carillon.jobs.testing.ProcessIds;
import io.carillon.jobs.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellJobTypeTest {

  private static final JobTypeSettings SH_ALLOWED =
      settings(ShellSettings.builder().enabled(true).allowWithAnyArgs("/bin/sh", "-c"));

  private final ShellJobType shell = new ShellJobType();

  @TempDir Path temp;

  static JobTypeSettings settings(ShellSettings.Builder shell) {
    return JobTypeSettings.builder().shell(shell.build()).build();
  }

  private List<FieldError> errorsFor(JobTypeSettings settings, Map<String, ?> params) {
    try {
      TestRun.of(shell, settings, params);
    } catch (InvalidParametersException e) {
      return e.errors();
    }
    throw new AssertionError("expected " + params + " to be rejected");
  }

  @Test
  void stdout_and_stderr_are_both_captured_and_exit_zero_succeeds() throws Exception {
    TestRun run =
        TestRun.of(
            shell,
            SH_ALLOWED,
            Map.of("command", List.of("sh", "-c", "echo to-stdout; echo to-stderr >&2")));

    shell.run(run);

    assertThat(run.outputText()).contains("to-stdout\n").contains("to-stderr\n");
    assertThat(run.resultMap()).containsEntry("exitCode", 0);
  }

  @Test
  void arguments_are_passed_as_given_without_shell_interpolation() throws Exception {
    JobTypeSettings echoAllowed =
        settings(ShellSettings.builder().enabled(true).allowWithAnyArgs("/bin/echo"));
    TestRun run =
        TestRun.of(shell, echoAllowed, Map.of("command", List.of("echo", "$HOME; rm -rf *")));

    shell.run(run);

    assertThat(run.outputText()).isEqualTo("$HOME; rm -rf *\n");
  }

  @Test
  void a_failure_names_the_exit_status_and_the_last_lines_the_command_printed() {
    TestRun run =
        TestRun.of(
            shell,
            SH_ALLOWED,
            Map.of(
                "command",
                List.of(
                    "sh",
                    "-c",
                    "echo one; echo two; echo three >&2; echo; echo four >&2; exit 2")));

    assertThatThrownBy(() -> shell.run(run))
        .isInstanceOf(JobFailedException.class)
        .hasMessage("command exited with status 2: two | three | four");
  }

  @Test
  void a_non_zero_exit_fails_the_run_and_keeps_the_output() {
    TestRun run =
        TestRun.of(shell, SH_ALLOWED, Map.of("command", List.of("sh", "-c", "echo oops; exit 3")));

    assertThatThrownBy(() -> shell.run(run))
        .isInstanceOf(JobFailedException.class)
        .hasMessage("command exited with status 3: oops");
    assertThat(run.outputText()).contains("oops");
    assertThat(run.resultMap()).containsEntry("exitCode", 3);
  }

  @Test
  void allowed_environment_and_working_directory_are_applied() throws Exception {
    Path workDir = Files.createDirectories(temp.resolve("work")).toRealPath();
    JobTypeSettings settings =
        settings(
            ShellSettings.builder()
                .enabled(true)
                .allowWithAnyArgs("/bin/sh", "-c")
                .allowEnv("GREETING")
                .allowWorkingDir(temp));
    TestRun run =
        TestRun.of(
            shell,
            settings,
            Map.of(
                "command", List.of("sh", "-c", "echo \"$GREETING from $(pwd)\""),
                "env", Map.of("GREETING", "hello"),
                "workingDir", workDir.toString()));

    shell.run(run);

    assertThat(run.outputText()).isEqualTo("hello from " + workDir + "\n");
  }

  @Test
  void a_timeout_kills_the_whole_process_tree_and_leaves_no_orphan() throws Exception {
    JobTypeSettings settings =
        settings(
            ShellSettings.builder()
                .enabled(true)
                .allowWithAnyArgs("/bin/sh", "-c")
                .allowEnv("PIDS"));
    TestRun run =
        TestRun.of(
            shell,
            settings,
            Map.of(
                "command",
                List.of("sh", "-c", ProcessIds.TREE_SCRIPT),
                "timeout",
                "PT2S",
                "env",
                Map.of("PIDS", temp.resolve("pids").toString())));

    assertThatThrownBy(() -> shell.run(run))
        .isInstanceOf(JobFailedException.class)
        .hasMessage("command timed out after PT2S");

    List<Long> pids = ProcessIds.in(run.outputText());
    assertThat(pids)
        .hasSize(4)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(ProcessIds.in(Files.readString(temp.resolve("pids"))));
    assertThat(pids).noneMatch(ProcessIds::isAlive);
    assertThat(run.outputText())
        .contains("timed out after PT2S: command and its child processes killed");
  }

  @Test
  void an_allowed_program_missing_on_this_node_is_refused_with_a_clear_message() {
    JobTypeSettings allowed =
        settings(ShellSettings.builder().enabled(true).allowExactly("/no/such/program"));

    assertThat(errorsFor(allowed, Map.of("command", List.of("/no/such/program"))))
        .containsExactly(
            FieldError.param(
                "command[0]", "is not allowed: /no/such/program does not exist on this node"));
  }

  @Test
  void shell_jobs_are_rejected_while_the_configuration_disables_them() {
    assertThat(errorsFor(JobTypeSettings.defaults(), Map.of("command", List.of("echo", "hi"))))
        .containsExactly(new FieldError("type", ShellPolicy.DISABLED));
  }

  @Test
  void commands_outside_the_allowlist_are_rejected() {
    assertThat(errorsFor(SH_ALLOWED, Map.of("command", List.of("bash", "-c", "id"))))
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.field()).isEqualTo("params.command");
              assertThat(error.message()).startsWith("is not allowed: ").contains("bash");
            });
  }

  @Test
  void a_stored_job_no_longer_runs_once_its_command_is_removed_from_the_configuration() {
    TestRun stored =
        TestRun.of(
            shell,
            SH_ALLOWED,
            Map.of("command", List.of("sh", "-c", "touch " + temp.resolve("ran"))));
    TestRun afterChange =
        stored.under(settings(ShellSettings.builder().enabled(true).allowWithAnyArgs("/bin/echo")));

    assertThatThrownBy(() -> shell.run(afterChange))
        .isInstanceOf(JobFailedException.class)
        .hasMessageStartingWith(
            "refused by the shell configuration: params.command is not allowed");
    assertThat(Files.exists(temp.resolve("ran"))).isFalse();
  }

  @Test
  void nul_characters_in_paths_and_values_are_refused_as_invalid() {
    JobTypeSettings settings =
        settings(
            ShellSettings.builder()
                .enabled(true)
                .allowWithAnyArgs("/bin/sh", "-c")
                .allowEnv("GREETING")
                .allowWorkingDir(temp));

    assertThat(
            errorsFor(
                settings,
                Map.of(
                    "command",
                    List.of("sh", "-c", "true"),
                    "env",
                    Map.of("GREETING", "a\u0000b"),
                    "workingDir",
                    temp + "/x\u0000y")))
        .containsExactly(
            FieldError.param("env.GREETING", "must not contain NUL characters"),
            FieldError.param("workingDir", "is not a valid path"));
    assertThat(errorsFor(settings, Map.of("command", List.of("/bin/sh\u0000", "-c", "true"))))
        .containsExactly(FieldError.param("command[0]", "is not a valid path"));
  }

  @Test
  void loader_variables_relative_dirs_and_zero_timeouts_are_rejected() {
    assertThat(
            errorsFor(
                SH_ALLOWED,
                Map.of(
                    "command",
                    List.of("sh", "-c", "true"),
                    "env",
                    Map.of("LD_PRELOAD", "/tmp/evil.so"),
                    "workingDir",
                    "relative/dir",
                    "timeout",
                    "PT0S")))
        .extracting(FieldError::field)
        .containsExactly("params.env.LD_PRELOAD", "params.workingDir", "params.timeout");
  }
}
