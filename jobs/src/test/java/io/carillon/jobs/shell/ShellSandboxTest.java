package io.carillon.jobs.shell;

import static io.carillon.jobs.shell.ShellJobTypeTest.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.jobs.FieldError;
import io.carillon.jobs.InvalidParametersException;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.ShellSettings;
import io.carillon.jobs.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ways a job could run code the allowlist never named, each tried with real processes: the job's
 * environment (interpreter and loader hooks, PATH for {@code #!/usr/bin/env}), relative programs,
 * arguments that make an allowed program start another, and working directories.
 */
class ShellSandboxTest {

  private final ShellJobType shell = new ShellJobType();

  @TempDir Path temp;

  /** Created by every payload below; it must never exist after a test. */
  private Path pwned;

  @BeforeEach
  void marker() {
    pwned = temp.resolve("pwned");
  }

  private Path script(Path path, String text) throws Exception {
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path.toRealPath();
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
  void pythonpath_cannot_make_an_allowed_script_load_a_sitecustomize() throws Exception {
    Path report = script(temp.resolve("srv/report.py"), "print('report ran')\n");
    Path evil = temp.resolve("evil");
    script(evil.resolve("sitecustomize.py"), "open(" + quoted(pwned) + ", 'w').close()\n");
    JobTypeSettings settings =
        settings(
            ShellSettings.builder()
                .enabled(true)
                .allowExactly("/usr/bin/python3", report.toString()));
    Map<String, Object> params =
        Map.of(
            "command",
            List.of("/usr/bin/python3", report.toString()),
            "env",
            Map.of("PYTHONPATH", evil.toString()));

    assertThat(errorsFor(settings, params))
        .containsExactly(
            FieldError.param(
                "env.PYTHONPATH",
                "cannot be set: it makes an interpreter run code of its choosing"));
    // Nor can the operator open it up by mistake.
    assertThatThrownBy(() -> ShellSettings.builder().allowEnv("PYTHONPATH").build())
        .isInstanceOf(IllegalArgumentException.class);

    TestRun clean = TestRun.of(shell, settings, Map.of("command", params.get("command")));
    shell.run(clean);
    assertThat(clean.outputText()).isEqualTo("report ran\n");
    assertThat(pwned).doesNotExist();
  }

  @Test
  void bash_env_cannot_run_a_file_before_an_allowed_bash_script() throws Exception {
    Path job = script(temp.resolve("srv/job.sh"), "#!/bin/bash\necho job ran\n");
    Path evil = script(temp.resolve("evil.sh"), "touch " + pwned + "\n");
    JobTypeSettings settings =
        settings(ShellSettings.builder().enabled(true).allowExactly("/bin/bash", job.toString()));

    assertThat(
            errorsFor(
                settings,
                Map.of(
                    "command",
                    List.of("/bin/bash", job.toString()),
                    "env",
                    Map.of("BASH_ENV", evil.toString()))))
        .extracting(FieldError::field)
        .containsExactly("params.env.BASH_ENV");
    assertThat(pwned).doesNotExist();
  }

  @Test
  void a_job_cannot_choose_the_path_an_env_shebang_searches() throws Exception {
    // The allowed script starts "#!/usr/bin/env sh": with the job's PATH, env would start the
    // job's own "sh".
    Path job = script(temp.resolve("srv/job"), "#!/usr/bin/env sh\necho \"job ran with $PATH\"\n");
    Path fakeBin = temp.resolve("fake-bin");
    script(fakeBin.resolve("sh"), "#!/bin/sh\ntouch " + pwned + "\n");
    JobTypeSettings settings =
        settings(
            ShellSettings.builder()
                .enabled(true)
                .allowExactly(job.toString())
                .path("/usr/bin:/bin"));

    assertThat(
            errorsFor(
                settings,
                Map.of(
                    "command", List.of(job.toString()), "env", Map.of("PATH", fakeBin.toString()))))
        .containsExactly(
            FieldError.param(
                "env.PATH", "cannot be set: PATH is fixed by the server (shell.path)"));

    TestRun run = TestRun.of(shell, settings, Map.of("command", List.of(job.toString())));
    shell.run(run);
    assertThat(run.outputText()).isEqualTo("job ran with /usr/bin:/bin\n");
    assertThat(pwned).doesNotExist();
  }

  @Test
  void the_servers_own_environment_does_not_reach_the_command() throws Exception {
    JobTypeSettings settings =
        settings(ShellSettings.builder().enabled(true).allowExactly("/usr/bin/env"));
    TestRun run = TestRun.of(shell, settings, Map.of("command", List.of("/usr/bin/env")));

    shell.run(run);

    // The test JVM's environment holds far more (JAVA_HOME, MAVEN_*, ...): none of it passes but
    // the configured PATH and the inherited names.
    List<String> names =
        Arrays.stream(run.outputText().split("\n")).map(line -> line.split("=", 2)[0]).toList();
    assertThat(names).contains("PATH").isSubsetOf("PATH", "HOME", "LANG", "LC_ALL", "TZ");
  }

  @Test
  void a_relative_program_is_never_resolved_against_the_jobs_working_directory() throws Exception {
    Path attacker = Files.createDirectories(temp.resolve("attacker"));
    script(attacker.resolve("bin/report"), "#!/bin/sh\ntouch " + pwned + "\n");

    // Relative entries (resolved against whatever workingDir a job picks) cannot be configured...
    assertThatThrownBy(() -> ShellSettings.builder().allowExactly("bin/report").build())
        .hasMessageContaining("absolute program path");
    // ...and a job cannot name its program relative to its working directory either.
    JobTypeSettings settings =
        settings(
            ShellSettings.builder().enabled(true).allowExactly("/bin/true").allowWorkingDir(temp));
    assertThat(
            errorsFor(
                settings,
                Map.of("command", List.of("bin/report"), "workingDir", attacker.toString())))
        .containsExactly(
            FieldError.param(
                "command[0]",
                "must be an absolute path or a program name looked up in the server's PATH"));
    assertThat(pwned).doesNotExist();
  }

  @Test
  void arguments_beyond_an_exact_entry_are_refused_so_find_cannot_exec_a_shell() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    Files.writeString(data.resolve("old.log"), "x");
    JobTypeSettings settings =
        settings(
            ShellSettings.builder()
                .enabled(true)
                .allowExactly("/usr/bin/find", data.toString(), "-name", "*.log", "-delete"));
    List<String> exec =
        List.of(
            "/usr/bin/find",
            data.toString(),
            "-name",
            "*.log",
            "-delete",
            "-exec",
            "/bin/sh",
            "-c",
            "touch " + pwned,
            ";");

    assertThat(errorsFor(settings, Map.of("command", exec)))
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.field()).isEqualTo("params.command");
              assertThat(error.message())
                  .startsWith("is not allowed with these arguments: /usr/bin/find may run only as");
            });

    TestRun exact =
        TestRun.of(
            shell,
            settings,
            Map.of("command", List.of("find", data.toString(), "-name", "*.log", "-delete")));
    shell.run(exact);
    assertThat(data.resolve("old.log")).doesNotExist();
    assertThat(pwned).doesNotExist();
  }

  @Test
  void an_entry_with_any_arguments_allows_more_arguments_but_not_another_program()
      throws Exception {
    JobTypeSettings settings =
        settings(ShellSettings.builder().enabled(true).allowWithAnyArgs("/bin/echo", "report:"));

    TestRun run =
        TestRun.of(shell, settings, Map.of("command", List.of("/bin/echo", "report:", "daily")));
    shell.run(run);
    assertThat(run.outputText()).isEqualTo("report: daily\n");

    assertThat(errorsFor(settings, Map.of("command", List.of("/bin/echo", "other"))))
        .extracting(FieldError::field)
        .containsExactly("params.command");
  }

  @Test
  void programs_are_matched_by_real_path_and_run_as_the_path_the_operator_allowed()
      throws Exception {
    Path alias = temp.resolve("my-sh");
    Files.createSymbolicLink(alias, Path.of("/bin/sh"));
    JobTypeSettings settings =
        settings(ShellSettings.builder().enabled(true).allowWithAnyArgs("/bin/sh", "-c"));

    // "$0" is the name the shell was started as: the allowlist's, not the job's alias.
    TestRun run =
        TestRun.of(shell, settings, Map.of("command", List.of(alias.toString(), "-c", "echo $0")));
    shell.run(run);
    assertThat(run.outputText()).isEqualTo("/bin/sh\n");

    // A program that is not the allowed one under any name is refused, even if named like it.
    Path impostor = script(temp.resolve("impostor/sh"), "#!/bin/sh\ntouch " + pwned + "\n");
    assertThat(errorsFor(settings, Map.of("command", List.of(impostor.toString(), "-c", "true"))))
        .extracting(FieldError::field)
        .containsExactly("params.command");
    assertThat(pwned).doesNotExist();
  }

  @Test
  void the_working_directory_must_lie_within_an_allowed_directory_after_resolving_links()
      throws Exception {
    Path jobs = Files.createDirectories(temp.resolve("jobs"));
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.createSymbolicLink(jobs.resolve("escape"), outside);
    JobTypeSettings settings =
        settings(
            ShellSettings.builder().enabled(true).allowExactly("/bin/pwd").allowWorkingDir(jobs));
    JobTypeSettings noDirs =
        settings(ShellSettings.builder().enabled(true).allowExactly("/bin/pwd"));

    for (String dir :
        List.of(outside.toString(), jobs + "/../outside", jobs.resolve("escape").toString())) {
      assertThat(errorsFor(settings, Map.of("command", List.of("/bin/pwd"), "workingDir", dir)))
          .as(dir)
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.field()).isEqualTo("params.workingDir");
                assertThat(error.message())
                    .contains("is not within jobTypes.shell.allowedWorkingDirs");
              });
    }
    assertThat(
            errorsFor(
                noDirs, Map.of("command", List.of("/bin/pwd"), "workingDir", jobs.toString())))
        .containsExactly(
            FieldError.param(
                "workingDir",
                "is not allowed: jobTypes.shell.allowedWorkingDirs lists no directory"));

    Path inside = Files.createDirectories(jobs.resolve("nightly"));
    TestRun run =
        TestRun.of(
            shell,
            settings,
            Map.of("command", List.of("/bin/pwd"), "workingDir", inside.toString()));
    shell.run(run);
    assertThat(run.outputText()).isEqualTo(inside.toRealPath() + "\n");
  }

  @Test
  void a_link_swapped_in_after_the_job_was_stored_is_refused_when_it_runs() throws Exception {
    Path jobs = Files.createDirectories(temp.resolve("jobs"));
    Path nightly = Files.createDirectories(jobs.resolve("nightly"));
    Path outside = Files.createDirectories(temp.resolve("outside"));
    JobTypeSettings settings =
        settings(
            ShellSettings.builder().enabled(true).allowExactly("/bin/pwd").allowWorkingDir(jobs));
    TestRun stored =
        TestRun.of(
            shell,
            settings,
            Map.of("command", List.of("/bin/pwd"), "workingDir", nightly.toString()));

    Files.delete(nightly);
    Files.createSymbolicLink(nightly, outside);

    assertThatThrownBy(() -> shell.run(stored))
        .isInstanceOf(JobFailedException.class)
        .hasMessageStartingWith(
            "refused by the shell configuration: params.workingDir is not allowed");
    assertThat(stored.outputText()).isEmpty();
  }

  private static String quoted(Path path) {
    return "'" + path.toString().replace("'", "\\'") + "'";
  }
}
