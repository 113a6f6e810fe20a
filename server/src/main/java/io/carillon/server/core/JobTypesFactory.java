package io.carillon.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.SmtpSettings;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code jobTypes:} block: what the built-in types may do, and where plugin jars live. */
public class JobTypesFactory {
  /** Plugin jars directory; relative paths are resolved against the working directory. */
  private String pluginDirectory = "plugins";

  @Min(JobTypeSettings.MIN_OUTPUT_CAP_BYTES)
  @Max(64 * 1024 * 1024)
  private int outputCapBytes = JobTypeSettings.DEFAULT_OUTPUT_CAP_BYTES;

  @Valid @NotNull private Shell shell = new Shell();

  @Valid @NotNull private Smtp smtp = new Smtp();

  /** {@code shell:} — off unless enabled, and then only for the listed argv prefixes. */
  public static class Shell {
    private boolean enabled;
    @NotNull private List<List<String>> allowedPrefixes = new ArrayList<>();

    @JsonProperty
    public boolean isEnabled() {
      return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    @JsonProperty
    public List<List<String>> getAllowedPrefixes() {
      return allowedPrefixes;
    }

    @JsonProperty
    public void setAllowedPrefixes(List<List<String>> allowedPrefixes) {
      this.allowedPrefixes = allowedPrefixes == null ? new ArrayList<>() : allowedPrefixes;
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
    return JobTypeSettings.builder()
        .shellEnabled(shell.isEnabled())
        .shellAllowedPrefixes(shell.getAllowedPrefixes())
        .outputCapBytes(outputCapBytes)
        .smtp(smtp.settings())
        .pluginDirectory(Path.of(pluginDirectory))
        .build();
  }

  /** Finds the built-in types and the plugins; a broken plugin stops the start with its reason. */
  public JobTypeRegistry build() {
    try {
      return JobTypeRegistry.discover(settings());
    } catch (RuntimeException e) {
      throw new StartupException("jobTypes: " + e.getMessage(), e);
    }
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
  public Smtp getSmtp() {
    return smtp;
  }

  @JsonProperty
  public void setSmtp(Smtp smtp) {
    this.smtp = smtp;
  }
}
