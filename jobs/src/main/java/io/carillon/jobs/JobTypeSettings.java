package io.carillon.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the server's configuration decides for job types.
 *
 * @param shellEnabled whether {@code shell} jobs may be stored and run at all
 * @param shellAllowedPrefixes argv prefixes a shell command must start with, element by element (so
 *     {@code ["python3", "/srv/jobs/report.py"]} allows exactly that script with any arguments);
 *     empty means no command is allowed
 * @param outputCapBytes how much captured output (UTF-8) one execution keeps
 * @param smtp the mail job's SMTP server, {@link SmtpSettings#NONE} when mail is not configured
 * @param pluginDirectory a directory of plugin jars holding more job types, or null for none
 */
public record JobTypeSettings(
    boolean shellEnabled,
    List<List<String>> shellAllowedPrefixes,
    int outputCapBytes,
    SmtpSettings smtp,
    Path pluginDirectory) {

  public static final int DEFAULT_OUTPUT_CAP_BYTES = 1024 * 1024;

  /** Below this the head-and-tail shape of capped output stops being useful. */
  public static final int MIN_OUTPUT_CAP_BYTES = 1024;

  public JobTypeSettings {
    shellAllowedPrefixes =
        shellAllowedPrefixes == null
            ? List.of()
            : shellAllowedPrefixes.stream().map(List::copyOf).toList();
    if (shellAllowedPrefixes.stream().anyMatch(List::isEmpty)) {
      throw new IllegalArgumentException(
          "an allowed shell prefix cannot be empty: it would allow everything");
    }
    if (outputCapBytes < MIN_OUTPUT_CAP_BYTES) {
      throw new IllegalArgumentException(
          "output cap must be at least " + MIN_OUTPUT_CAP_BYTES + " bytes, not " + outputCapBytes);
    }
    smtp = smtp == null ? SmtpSettings.NONE : smtp;
  }

  /** Shell disabled, no mail, default output cap, no plugin directory. */
  public static JobTypeSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when the command starts with one of the allowed prefixes (and shell is enabled). */
  public boolean shellAllows(List<String> command) {
    return shellEnabled
        && shellAllowedPrefixes.stream()
            .anyMatch(
                prefix ->
                    command.size() >= prefix.size()
                        && command.subList(0, prefix.size()).equals(prefix));
  }

  /** Builds settings from configuration, starting from the safe defaults. */
  public static final class Builder {
    private boolean shellEnabled;
    private final List<List<String>> shellAllowedPrefixes = new ArrayList<>();
    private int outputCapBytes = DEFAULT_OUTPUT_CAP_BYTES;
    private SmtpSettings smtp = SmtpSettings.NONE;
    private Path pluginDirectory;

    private Builder() {}

    public Builder shellEnabled(boolean enabled) {
      this.shellEnabled = enabled;
      return this;
    }

    public Builder allowShellPrefix(String... argvPrefix) {
      shellAllowedPrefixes.add(List.of(argvPrefix));
      return this;
    }

    public Builder shellAllowedPrefixes(List<List<String>> prefixes) {
      shellAllowedPrefixes.addAll(prefixes);
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
      return new JobTypeSettings(
          shellEnabled, shellAllowedPrefixes, outputCapBytes, smtp, pluginDirectory);
    }
  }
}
