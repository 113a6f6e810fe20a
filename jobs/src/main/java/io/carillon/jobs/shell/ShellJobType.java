package io.carillon.jobs.shell;

import io.carillon.jobs.FieldError;
import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobParameters;
import io.carillon.jobs.JobType;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.ParameterSpec;
import io.carillon.jobs.ParameterType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command as an argv list (no shell parsing), capturing stdout and stderr. Disabled unless
 * the configuration enables it, and then only for commands starting with an allowed prefix.
 */
public final class ShellJobType implements JobType {

  @Override
  public String name() {
    return "shell";
  }

  @Override
  public String description() {
    return "Runs a command (argv list) and captures its output; non-zero exit fails the run.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.required(
                "command",
                ParameterType.LIST,
                "Program and arguments, e.g. [\"python3\", \"analyze.py\"]; no shell interpolation.")
            .withMin(1)
            .withMax(1000)
            .withMaxLength(8192)
            .neverOverridden(),
        ParameterSpec.optional(
                "env", ParameterType.MAP, "Environment variables added to the server's.")
            .withMax(200)
            .withMaxLength(8192)
            .neverOverridden(),
        ParameterSpec.optional(
                "workingDir",
                ParameterType.STRING,
                "Absolute directory to run in; default: the server's working directory.")
            .withMaxLength(4096)
            .neverOverridden(),
        ParameterSpec.optional(
            "timeout",
            ParameterType.DURATION,
            "Kill the command (and everything it started) after this long."));
  }

  @Override
  public List<FieldError> check(JobParameters params, JobTypeSettings settings) {
    List<FieldError> errors = new ArrayList<>();
    List<String> command = params.list("command");
    if (!settings.shellEnabled()) {
      errors.add(new FieldError("type", "shell jobs are disabled by the server's configuration"));
    } else if (!settings.shellAllows(command)) {
      errors.add(
          FieldError.param(
              "command",
              "is not allowed: it must start with one of the configured prefixes "
                  + settings.shellAllowedPrefixes()));
    }
    if (command.get(0).isBlank()) {
      errors.add(FieldError.param("command[0]", "must name a program"));
    }
    if (params.has("env")) {
      params.map("env").keySet().stream()
          .filter(ShellJobType::changesLoadedCode)
          .forEach(
              name ->
                  errors.add(
                      FieldError.param(
                          "env." + name,
                          "cannot be set: it changes which code an allowed program loads")));
    }
    if (params.has("workingDir") && !Path.of(params.string("workingDir")).isAbsolute()) {
      errors.add(FieldError.param("workingDir", "must be an absolute path"));
    }
    if (params.has("timeout") && params.duration("timeout").isZero()) {
      errors.add(FieldError.param("timeout", "must be longer than zero"));
    }
    return errors;
  }

  @Override
  public void run(JobContext context) throws IOException, InterruptedException {
    JobParameters params = context.params();
    List<String> command = params.list("command");
    // Checked again here, not only at validation: nothing may run that the configuration forbids.
    if (!context.settings().shellAllows(command)) {
      throw new JobFailedException(
          "shell command not allowed by the configuration: " + command.get(0));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (params.has("env")) {
      builder.environment().putAll(params.map("env"));
    }
    if (params.has("workingDir")) {
      builder.directory(Path.of(params.string("workingDir")).toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new JobFailedException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
    new RunningCommand(process, context.output())
        .await(params.has("timeout") ? params.duration("timeout") : null, context);
  }

  private static boolean changesLoadedCode(String name) {
    return name.startsWith("LD_") || name.startsWith("DYLD_");
  }
}
