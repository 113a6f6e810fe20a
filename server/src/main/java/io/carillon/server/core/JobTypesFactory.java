package io.carillon.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.jobs.AllowedCommand;
import io.carillon.jobs.CleanupSettings;
import io.carillon.jobs.HttpSettings;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.ShellSettings;
import io.carillon.jobs.SmtpSettings;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The {@code jobTypes:} block: what the built-in types may do, and where plugin jars live. */
public class JobTypesFactory {
  /** Plugin jars directory; relative paths are resolved against the working directory. */
  private String pluginDirectory = "plugins";

  @Min(JobTypeSettings.MIN_OUTPUT_CAP_BYTES)
  @Max(64 * 1024 * 1024)
  private int outputCapBytes = JobTypeSettings.DEFAULT_OUTPUT_CAP_BYTES;

  @Valid @NotNull private Shell shell = new Shell();

  @Valid @NotNull private Cleanup cleanup = new Cleanup();

  @Valid @NotNull private Http http = new Http();

  @Valid @NotNull private Smtp smtp = new Smtp();

  /**
   * {@code shell:} — off unless enabled, and then only the listed commands, with an environment and
   * working directories the operator allowed.
   */
  public static class Shell {
    private boolean enabled;
    @Valid @NotNull private List<Command> allowedCommands = new ArrayList<>();
    @NotNull private List<String> allowedEnv = new ArrayList<>();

    @NotNull
    private List<String> inheritedEnv = new ArrayList<>(ShellSettings.DEFAULT_INHERITED_ENV);

    @NotNull private String path = ShellSettings.DEFAULT_PATH;
    @NotNull private List<String> allowedWorkingDirs = new ArrayList<>();
    private boolean oldPrefixesGiven;

    /**
     * One {@code allowedCommands} entry: {@code {command: [/abs/program, arg...], args: exact}}.
     */
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
                + " {command: [/absolute/program, args...], args: exact|any}; see the README");
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

  /** {@code cleanup:} — the directories cleanup jobs may delete in. */
  public static class Cleanup {
    @NotNull private List<String> allowedRoots = new ArrayList<>();

    @JsonProperty
    public List<String> getAllowedRoots() {
      return allowedRoots;
    }

    @JsonProperty
    public void setAllowedRoots(List<String> allowedRoots) {
      this.allowedRoots = allowedRoots == null ? new ArrayList<>() : allowedRoots;
    }

    CleanupSettings settings() {
      return new CleanupSettings(allowedRoots.stream().map(Path::of).toList());
    }
  }

  /** {@code http:} — destinations allowed or denied beyond the built-in refusals. */
  public static class Http {
    @NotNull private List<String> allowed = new ArrayList<>();
    @NotNull private List<String> denied = new ArrayList<>();

    @JsonProperty
    public List<String> getAllowed() {
      return allowed;
    }

    @JsonProperty
    public void setAllowed(List<String> allowed) {
      this.allowed = allowed == null ? new ArrayList<>() : allowed;
    }

    @JsonProperty
    public List<String> getDenied() {
      return denied;
    }

    @JsonProperty
    public void setDenied(List<String> denied) {
      this.denied = denied == null ? new ArrayList<>() : denied;
    }

    HttpSettings settings() {
      return HttpSettings.of(allowed, denied);
    }
  }

  /** {@code smtp:} — the server the mail type (and e-mail notifications) send through. */
  public static class Smtp {
    private String host = "";

    @Min(1)
    @Max(65535)
    private int port = 25;

    private String from = "carillon@localhost";
    private String user = "";
    private String password = "";
    @NotNull private SmtpSettings.Security security = SmtpSettings.Security.NONE;

    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    private Duration timeout = Duration.seconds(30);

    @JsonProperty
    public void setHost(String host) {
      this.host = host == null ? "" : host;
    }

    @JsonProperty
    public void setPort(int port) {
      this.port = port;
    }

    @JsonProperty
    public void setFrom(String from) {
      this.from = from;
    }

    @JsonProperty
    public void setUser(String user) {
      this.user = user == null ? "" : user;
    }

    /** Write-only: from the environment, never serialised back. */
    @JsonProperty
    public void setPassword(String password) {
      this.password = password == null ? "" : password;
    }

    @JsonProperty
    public void setSecurity(SmtpSettings.Security security) {
      this.security = security;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /** The SMTP server as the mail job and e-mail notifications use it. */
    public SmtpSettings settings() {
      if (host.isBlank()) {
        return SmtpSettings.NONE;
      }
      return new SmtpSettings(
          host,
          port,
          from,
          user.isBlank() ? null : user,
          password.isBlank() ? null : password,
          security,
          java.time.Duration.ofMillis(timeout.toMilliseconds()));
    }
  }

  public JobTypeSettings settings() {
    return settings(Set.of());
  }

  /** The settings, with http jobs kept off this node's admin ports. */
  public JobTypeSettings settings(Set<Integer> adminPorts) {
    return JobTypeSettings.builder()
        .shell(shell.settings())
        .cleanup(cleanup.settings())
        .http(http.settings().withAdminPorts(adminPorts))
        .outputCapBytes(outputCapBytes)
        .smtp(smtp.settings())
        .pluginDirectory(Path.of(pluginDirectory))
        .build();
  }

  /**
   * Finds the built-in types and the plugins; a broken plugin or setting stops the start with its
   * reason. The server's configuration says which admin ports http jobs must never call here.
   */
  public JobTypeRegistry build(ServerFactory server) {
    try {
      return JobTypeRegistry.discover(settings(adminPorts(server)));
    } catch (RuntimeException e) {
      throw new StartupException("jobTypes: " + e.getMessage(), e);
    }
  }

  /**
   * The configured admin ports (a port of 0 is chosen at start-up and cannot be known here; with
   * the simple server, admin shares the one port).
   */
  static Set<Integer> adminPorts(ServerFactory server) {
    List<ConnectorFactory> connectors = new ArrayList<>();
    if (server instanceof DefaultServerFactory standard) {
      connectors.addAll(standard.getAdminConnectors());
    } else if (server instanceof SimpleServerFactory simple) {
      connectors.add(simple.getConnector());
    }
    Set<Integer> ports = new HashSet<>();
    for (ConnectorFactory connector : connectors) {
      if (connector instanceof HttpConnectorFactory http && http.getPort() > 0) {
        ports.add(http.getPort());
      }
    }
    return ports;
  }

  @JsonProperty
  public String getPluginDirectory() {
    return pluginDirectory;
  }

  @JsonProperty
  public void setPluginDirectory(String pluginDirectory) {
    this.pluginDirectory = pluginDirectory;
  }

  @JsonProperty
  public int getOutputCapBytes() {
    return outputCapBytes;
  }

  @JsonProperty
  public void setOutputCapBytes(int outputCapBytes) {
    this.outputCapBytes = outputCapBytes;
  }

  @JsonProperty
  public Shell getShell() {
    return shell;
  }

  @JsonProperty
  public void setShell(Shell shell) {
    this.shell = shell;
  }

  @JsonProperty
  public Cleanup getCleanup() {
    return cleanup;
  }

  @JsonProperty
  public void setCleanup(Cleanup cleanup) {
    this.cleanup = cleanup;
  }

  @JsonProperty
  public Http getHttp() {
    return http;
  }

  @JsonProperty
  public void setHttp(Http http) {
    this.http = http;
  }

  @JsonProperty
  public Smtp getSmtp() {
    return smtp;
  }

  @JsonProperty
  public void setSmtp(Smtp smtp) {
    this.smtp = smtp;
  }
}
