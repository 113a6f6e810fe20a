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
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command as an argv list (no shell parsing), capturing stdout and stderr. Disabled unless
 * the configuration enables it, and then only for allowlisted commands, with an environment and a
 * working directory the configuration allows (see {@link io.carillon.jobs.ShellSettings}).
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
                "Program and arguments, e.g. [\"/usr/bin/python3\", \"/srv/jobs/analyze.py\"]; no shell interpolation.")
            .withMin(1)
            .withMax(1000)
            .withMaxLength(8192)
            .neverOverridden(),
        ParameterSpec.optional(
                "env",
                ParameterType.MAP,
                "Environment variables for the command; only names the configuration allows.")
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
    List<FieldError> errors = new ArrayList<>(policy(settings).decide(params).errors());
    if (params.has("timeout") && params.duration("timeout").isZero()) {
      errors.add(FieldError.param("timeout", "must be longer than zero"));
    }
    return errors;
  }

  @Override
  public void run(JobContext context) throws IOException, InterruptedException {
    JobParameters params = context.params();
    // Decided again here, not only at validation: nothing may run that the configuration forbids,
    // and the program's real path or a working directory's links may have changed since.
    ShellPolicy.Decision decision = policy(context.settings()).decide(params);
    if (decision.plan() == null) {
      throw new JobFailedException(
          "refused by the shell configuration: " + decision.errors().get(0));
    }
    ShellPlan plan = decision.plan();
    ProcessBuilder builder = new ProcessBuilder(plan.argv()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(plan.environment());
    if (plan.workingDir() != null) {
      builder.directory(plan.workingDir().toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new JobFailedException("cannot start " + plan.argv().get(0) + ": " + e.getMessage(), e);
    }
    new RunningCommand(process, context.output())
        .await(params.has("timeout") ? params.duration("timeout") : null, context);
  }

  private static ShellPolicy policy(JobTypeSettings settings) {
    return new ShellPolicy(settings.shell(), System.getenv());
  }
}
