package io.carillon.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.jobs.AllowedCommand;
import io.carillon.jobs.ShellSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code shell:} — off unless enabled, and then only the listed commands, with an environment and
 * working directories the operator allowed.
 */
public class ShellTypeFactory {
  private boolean enabled;
  @Valid @NotNull private List<Command> allowedCommands = new ArrayList<>();
  @NotNull private List<String> allowedEnv = new ArrayList<>();

  @NotNull private List<String> inheritedEnv = new ArrayList<>(ShellSettings.DEFAULT_INHERITED_ENV);

  @NotNull private String path = ShellSettings.DEFAULT_PATH;
  @NotNull private List<String> allowedWorkingDirs = new ArrayList<>();
  private boolean oldPrefixesGiven;

  /** One {@code allowedCommands} entry: {@code {command: [/abs/program, arg...], args: exact}}. */
  public static class Command {
    @NotNull private List<String> command = new ArrayList<>();
    @NotNull private AllowedCommand.Args args = AllowedCommand.Args.EXACT;

    @JsonProperty
    public List<String> getCommand() {
      return command;
    }

    @JsonProperty
    public void setCommand(List<String> command) {
      this.command = command;
    }

    @JsonProperty
    public AllowedCommand.Args getArgs() {
      return args;
    }

    @JsonProperty
    public void setArgs(AllowedCommand.Args args) {
      this.args = args;
    }
  }

  @JsonProperty
  public boolean isEnabled() {
    return enabled;
  }

  @JsonProperty
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  @JsonProperty
  public List<Command> getAllowedCommands() {
    return allowedCommands;
  }

  @JsonProperty
  public void setAllowedCommands(List<Command> allowedCommands) {
    this.allowedCommands = allowedCommands == null ? new ArrayList<>() : allowedCommands;
  }

  @JsonProperty
  public void setAllowedEnv(List<String> allowedEnv) {
    this.allowedEnv = allowedEnv == null ? new ArrayList<>() : allowedEnv;
  }

  @JsonProperty
  public void setInheritedEnv(List<String> inheritedEnv) {
    this.inheritedEnv = inheritedEnv == null ? new ArrayList<>() : inheritedEnv;
  }

  @JsonProperty
  public void setPath(String path) {
    this.path = path;
  }

  @JsonProperty
  public void setAllowedWorkingDirs(List<String> allowedWorkingDirs) {
    this.allowedWorkingDirs = allowedWorkingDirs == null ? new ArrayList<>() : allowedWorkingDirs;
  }

  /**
   * The old argv-prefix list allowed any arguments after every prefix; rather than guess what its
   * entries meant, a configuration that still has it does not start.
   */
  @JsonProperty
  public void setAllowedPrefixes(Object ignored) {
    this.oldPrefixesGiven = true;
  }

  ShellSettings settings() {
    if (oldPrefixesGiven) {
      throw new IllegalArgumentException(
          "shell.allowedPrefixes was replaced by shell.allowedCommands, entries"
              + " {command: [/absolute/program, args...], args: exact|any}; see docs/job-types.md");
    }
    ShellSettings.Builder builder =
        ShellSettings.builder()
            .enabled(enabled)
            .inheritEnv(inheritedEnv)
            .path(path)
            .allowEnv(allowedEnv.toArray(String[]::new));
    allowedCommands.forEach(c -> builder.allow(new AllowedCommand(c.getCommand(), c.getArgs())));
    allowedWorkingDirs.forEach(dir -> builder.allowWorkingDir(Path.of(dir)));
    return builder.build();
  }
}
