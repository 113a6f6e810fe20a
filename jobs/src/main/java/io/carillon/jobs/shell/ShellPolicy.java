package io.carillon.jobs.shell;

import io.carillon.jobs.AllowedCommand;
import io.carillon.jobs.DirectoryRoots;
import io.carillon.jobs.FieldError;
import io.carillon.jobs.JobParameters;
import io.carillon.jobs.ShellSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies {@link ShellSettings} to a job's parameters: which allowlist entry its command is, what
 * environment and working directory it gets. The same code decides when a job is stored and right
 * before it runs, so the two cannot disagree.
 */
final class ShellPolicy {

  private final ShellSettings settings;
  private final Map<String, String> serverEnvironment;

  ShellPolicy(ShellSettings settings, Map<String, String> serverEnvironment) {
    this.settings = settings;
    this.serverEnvironment = serverEnvironment;
  }

  /** Why a shell job is refused on a server that does not enable them, and how to enable them. */
  static final String DISABLED =
      "shell jobs are disabled on this server: set jobTypes.shell.enabled: true"
          + " (CARILLON_SHELL_ENABLED=true) and list the commands they may run in"
          + " jobTypes.shell.allowedCommands (CARILLON_SHELL_ALLOW)";

  /** The plan, or every reason the parameters are refused (then the plan is null). */
  record Decision(ShellPlan plan, List<FieldError> errors) {}

  Decision decide(JobParameters params) {
    List<FieldError> errors = new ArrayList<>();
    if (!settings.enabled()) {
      errors.add(new FieldError("type", DISABLED));
      return new Decision(null, errors);
    }
    List<String> argv = command(params.list("command"), errors);
    Map<String, String> env = environment(params.has("env") ? params.map("env") : Map.of(), errors);
    Path dir = params.has("workingDir") ? workingDir(params.string("workingDir"), errors) : null;
    return new Decision(errors.isEmpty() ? new ShellPlan(argv, env, dir) : null, errors);
  }

  private List<String> command(List<String> command, List<FieldError> errors) {
    String program = command.get(0);
    if (program.isBlank()) {
      errors.add(FieldError.param("command[0]", "must name a program"));
      return null;
    }
    Optional<Path> real;
    try {
      real = resolve(program);
    } catch (IllegalArgumentException e) {
      errors.add(FieldError.param("command[0]", e.getMessage()));
      return null;
    }
    if (real.isEmpty()) {
      errors.add(
          FieldError.param(
              "command[0]",
              "is not allowed: "
                  + program
                  + (program.contains("/")
                      ? " does not exist on this node"
                      : " is not a program in the server's PATH " + settings.path())));
      return null;
    }
    List<String> arguments = command.subList(1, command.size());
    List<AllowedCommand> sameProgram =
        settings.allowedCommands().stream()
            .filter(entry -> realPath(entry.program()).filter(real.get()::equals).isPresent())
            .toList();
    for (AllowedCommand entry : sameProgram) {
      if (allows(entry, arguments)) {
        // Run the path the operator wrote, not the job's spelling of it: a multi-call binary
        // (busybox) decides what to be from the name it is started as.
        List<String> argv = new ArrayList<>();
        argv.add(entry.argv().get(0));
        argv.addAll(arguments);
        return argv;
      }
    }
    errors.add(
        FieldError.param(
            "command",
            sameProgram.isEmpty()
                ? "is not allowed: "
                    + real.get()
                    + " is not in jobTypes.shell.allowedCommands (CARILLON_SHELL_ALLOW) "
                    + settings.allowedCommands()
                : "is not allowed with these arguments: "
                    + real.get()
                    + " may run only as "
                    + sameProgram));
    return null;
  }

  private static boolean allows(AllowedCommand entry, List<String> arguments) {
    List<String> fixed = entry.argv().subList(1, entry.argv().size());
    if (arguments.size() < fixed.size() || !arguments.subList(0, fixed.size()).equals(fixed)) {
      return false;
    }
    return entry.args() == AllowedCommand.Args.ANY || arguments.size() == fixed.size();
  }

  /**
   * The real path of the program the command names: an absolute path as it is, a bare name looked
   * up in the server's PATH. A relative path would depend on the working directory, which the job
   * chooses, so it is refused.
   */
  private Optional<Path> resolve(String program) {
    if (program.contains("/")) {
      Path path;
      try {
        path = Path.of(program);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("is not a valid path");
      }
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException(
            "must be an absolute path or a program name looked up in the server's PATH");
      }
      return Files.isRegularFile(path) ? realPath(path) : Optional.empty();
    }
    if (program.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("is not a valid program name");
    }
    for (String dir : settings.path().split(":")) {
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return realPath(candidate);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> realPath(Path path) {
    try {
      return Optional.of(path.toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Only what the operator allowed: PATH, the inherited names, and the job's allowed names. */
  private Map<String, String> environment(Map<String, String> jobEnv, List<FieldError> errors) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : settings.inheritedEnv()) {
      String value = serverEnvironment.get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.put("PATH", settings.path());
    jobEnv.forEach(
        (name, value) -> {
          String never = ShellSettings.whyAJobCannotSet(name);
          if (never != null) {
            errors.add(FieldError.param("env." + name, "cannot be set: " + never));
          } else if (!settings.allowedEnv().contains(name)) {
            errors.add(
                FieldError.param(
                    "env." + name,
                    "cannot be set: it is not in the configured allowedEnv "
                        + settings.allowedEnv()));
          } else if (value.indexOf('\0') >= 0) {
            errors.add(FieldError.param("env." + name, "must not contain NUL characters"));
          } else {
            env.put(name, value);
          }
        });
    return env;
  }

  private Path workingDir(String text, List<FieldError> errors) {
    try {
      Path dir = DirectoryRoots.absolute(text);
      String refusal =
          new DirectoryRoots("jobTypes.shell.allowedWorkingDirs", settings.allowedWorkingDirs())
              .refusal(dir);
      if (refusal != null) {
        errors.add(FieldError.param("workingDir", refusal));
        return null;
      }
      return DirectoryRoots.real(dir);
    } catch (IllegalArgumentException e) {
      errors.add(FieldError.param("workingDir", e.getMessage()));
      return null;
    }
  }
}
