package io.carillon.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.SmtpSettings;
import io.carillon.server.common.StartupException;
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

  @Valid @NotNull private ShellTypeFactory shell = new ShellTypeFactory();

  @Valid @NotNull private CleanupTypeFactory cleanup = new CleanupTypeFactory();

  @Valid @NotNull private HttpTypeFactory http = new HttpTypeFactory();

  @Valid @NotNull private Smtp smtp = new Smtp();

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
  public ShellTypeFactory getShell() {
    return shell;
  }

  @JsonProperty
  public void setShell(ShellTypeFactory shell) {
    this.shell = shell;
  }

  @JsonProperty
  public CleanupTypeFactory getCleanup() {
    return cleanup;
  }

  @JsonProperty
  public void setCleanup(CleanupTypeFactory cleanup) {
    this.cleanup = cleanup;
  }

  @JsonProperty
  public HttpTypeFactory getHttp() {
    return http;
  }

  @JsonProperty
  public void setHttp(HttpTypeFactory http) {
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
