package io.carillon.jobs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the server's configuration decides for job types.
 *
 * @param shell what {@code shell} jobs may run; {@link ShellSettings#DISABLED} by default
 * @param cleanup where {@code cleanup} jobs may delete; nowhere by default
 * @param http where {@code http} jobs may connect beyond the built-in refusals
 * @param outputCapBytes how much captured output (UTF-8) one execution keeps
 * @param smtp the mail job's SMTP server, {@link SmtpSettings#NONE} when mail is not configured
 * @param pluginDirectory a directory of plugin jars holding more job types, or null for none
 */
public record JobTypeSettings(
    ShellSettings shell,
    CleanupSettings cleanup,
    HttpSettings http,
    int outputCapBytes,
    SmtpSettings smtp,
    Path pluginDirectory) {

  public static final int DEFAULT_OUTPUT_CAP_BYTES = 1024 * 1024;

  /** Below this the head-and-tail shape of capped output stops being useful. */
  public static final int MIN_OUTPUT_CAP_BYTES = 1024;

  public JobTypeSettings {
    shell = shell == null ? ShellSettings.DISABLED : shell;
    cleanup = cleanup == null ? CleanupSettings.NONE : cleanup;
    http = http == null ? HttpSettings.DEFAULTS : http;
    if (outputCapBytes < MIN_OUTPUT_CAP_BYTES) {
      throw new IllegalArgumentException(
          "output cap must be at least " + MIN_OUTPUT_CAP_BYTES + " bytes, not " + outputCapBytes);
    }
    smtp = smtp == null ? SmtpSettings.NONE : smtp;
  }

  /** Shell disabled, no cleanup root, built-in http refusals, no mail, default output cap. */
  public static JobTypeSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds settings from configuration, starting from the safe defaults. */
  public static final class Builder {
    private ShellSettings shell = ShellSettings.DISABLED;
    private CleanupSettings cleanup = CleanupSettings.NONE;
    private HttpSettings http = HttpSettings.DEFAULTS;
    private int outputCapBytes = DEFAULT_OUTPUT_CAP_BYTES;
    private SmtpSettings smtp = SmtpSettings.NONE;
    private Path pluginDirectory;

    private Builder() {}

    public Builder shell(ShellSettings settings) {
      this.shell = Objects.requireNonNull(settings, "shell");
      return this;
    }

    public Builder cleanup(CleanupSettings settings) {
      this.cleanup = Objects.requireNonNull(settings, "cleanup");
      return this;
    }

    public Builder http(HttpSettings settings) {
      this.http = Objects.requireNonNull(settings, "http");
      return this;
    }

    public Builder outputCapBytes(int bytes) {
      this.outputCapBytes = bytes;
      return this;
    }

    public Builder smtp(SmtpSettings settings) {
      this.smtp = Objects.requireNonNull(settings, "smtp");
      return this;
    }

    public Builder pluginDirectory(Path directory) {
      this.pluginDirectory = directory;
      return this;
    }

    public JobTypeSettings build() {
      return new JobTypeSettings(shell, cleanup, http, outputCapBytes, smtp, pluginDirectory);
    }
  }
}
