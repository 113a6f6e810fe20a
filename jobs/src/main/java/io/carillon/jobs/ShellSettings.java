package io.carillon.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the configuration allows {@code shell} jobs: the commands, the environment and the working
 * directories. Everything not listed is refused; the defaults allow nothing.
 *
 * @param enabled whether shell jobs may be stored and run at all
 * @param allowedCommands the commands a job may run; empty allows none
 * @param allowedEnv names of variables a job's {@code env} may set (values chosen by the job)
 * @param inheritedEnv names of variables copied from the server's own environment (values chosen by
 *     the operator); nothing else of the server's environment reaches a command
 * @param path the {@code PATH} every command gets, and the one program names are looked up in
 * @param allowedWorkingDirs directories (and everything below them) a job's {@code workingDir} may
 *     name; empty means jobs cannot choose one
 */
public record ShellSettings(
    boolean enabled,
    List<AllowedCommand> allowedCommands,
    List<String> allowedEnv,
    List<String> inheritedEnv,
    String path,
    List<Path> allowedWorkingDirs) {

  public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  public static final List<String> DEFAULT_INHERITED_ENV = List.of("HOME", "LANG", "LC_ALL", "TZ");

  /**
   * Variables that make an interpreter or the loader run code they name. A job may never set them,
   * whatever the configuration says; the operator can still give one a value of their own through
   * {@code inheritedEnv}.
   */
  private static final Set<String> CODE_LOADING =
      Set.of(
          "BASH_ENV",
          "ENV",
          "SHELLOPTS",
          "BASHOPTS",
          "PS4",
          "PROMPT_COMMAND",
          "IFS",
          "PERL5LIB",
          "PERL5OPT",
          "PERLLIB",
          "RUBYLIB",
          "RUBYOPT",
          "NODE_OPTIONS",
          "NODE_PATH",
          "JAVA_TOOL_OPTIONS",
          "_JAVA_OPTIONS",
          "JDK_JAVA_OPTIONS",
          "CLASSPATH",
          "GCONV_PATH",
          "HOSTALIASES",
          "LOCPATH",
          "GIT_EXEC_PATH",
          "GIT_SSH_COMMAND",
          "GIT_CONFIG_GLOBAL");

  /** Shell off, nothing allowed. */
  public static final ShellSettings DISABLED = builder().build();

  public ShellSettings {
    allowedCommands = allowedCommands == null ? List.of() : List.copyOf(allowedCommands);
    allowedEnv = allowedEnv == null ? List.of() : List.copyOf(allowedEnv);
    inheritedEnv = inheritedEnv == null ? DEFAULT_INHERITED_ENV : List.copyOf(inheritedEnv);
    path = path == null ? DEFAULT_PATH : path;
    allowedWorkingDirs =
        allowedWorkingDirs == null
            ? List.of()
            : allowedWorkingDirs.stream().map(Path::normalize).toList();
    for (String name : allowedEnv) {
      String why = whyAJobCannotSet(name);
      if (why != null) {
        throw new IllegalArgumentException("shell.allowedEnv cannot list " + name + ": " + why);
      }
    }
    for (String name : inheritedEnv) {
      if (name.equals("PATH")) {
        throw new IllegalArgumentException(
            "shell.inheritedEnv cannot list PATH: set shell.path instead");
      }
    }
    for (String dir : path.split(":", -1)) {
      if (!Path.of(dir).isAbsolute()) {
        throw new IllegalArgumentException(
            "shell.path must list absolute directories only, not '" + dir + "'");
      }
    }
    for (Path dir : allowedWorkingDirs) {
      if (!dir.isAbsolute() || dir.getNameCount() == 0) {
        throw new IllegalArgumentException(
            "shell.allowedWorkingDirs must be absolute directories other than /, not " + dir);
      }
    }
  }

  /**
   * Why no job may set this variable, or null when the operator may allow it. The loader's and the
   * interpreters' hooks run code the allowlist never saw; {@code PATH} decides which program a name
   * or a {@code #!/usr/bin/env} line starts.
   */
  public static String whyAJobCannotSet(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (upper.equals("PATH")) {
      return "PATH is fixed by the server (shell.path)";
    }
    if (upper.startsWith("LD_") || upper.startsWith("DYLD_")) {
      return "it changes which code the loader runs";
    }
    if (upper.startsWith("PYTHON") || CODE_LOADING.contains(upper)) {
      return "it makes an interpreter run code of its choosing";
    }
    if (upper.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
      return "it is not a variable name";
    }
    return null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds shell settings, starting from "off, nothing allowed". */
  public static final class Builder {
    private boolean enabled;
    private final List<AllowedCommand> commands = new ArrayList<>();
    private final List<String> allowedEnv = new ArrayList<>();
    private List<String> inheritedEnv = DEFAULT_INHERITED_ENV;
    private String path = DEFAULT_PATH;
    private final List<Path> workingDirs = new ArrayList<>();

    private Builder() {}

    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    public Builder allow(AllowedCommand command) {
      commands.add(command);
      return this;
    }

    /** Allows exactly this argv, no other arguments. */
    public Builder allowExactly(String... argv) {
      return allow(new AllowedCommand(List.of(argv), AllowedCommand.Args.EXACT));
    }

    /** Allows this argv followed by any further arguments. */
    public Builder allowWithAnyArgs(String... argv) {
      return allow(new AllowedCommand(List.of(argv), AllowedCommand.Args.ANY));
    }

    public Builder allowEnv(String... names) {
      allowedEnv.addAll(List.of(names));
      return this;
    }

    public Builder inheritEnv(List<String> names) {
      this.inheritedEnv = List.copyOf(names);
      return this;
    }

    public Builder path(String value) {
      this.path = value;
      return this;
    }

    public Builder allowWorkingDir(Path dir) {
      workingDirs.add(dir);
      return this;
    }

    public ShellSettings build() {
      return new ShellSettings(enabled, commands, allowedEnv, inheritedEnv, path, workingDirs);
    }
  }
}
