package io.carillon.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * How the mail job reaches its SMTP server. A null host means mail is not configured, and mail jobs
 * are then rejected when stored. {@code username} and {@code password} may be null (no login).
 */
public record SmtpSettings(
    String host,
    int port,
    String from,
    String username,
    String password,
    Security security,
    Duration timeout) {

  /** How the connection is protected. */
  public enum Security {
    /** Plain SMTP (a relay on localhost, a test server). */
    NONE,
    /** Plain connection upgraded with STARTTLS, which must succeed (usually port 587). */
    STARTTLS,
    /** TLS from the first byte (SMTPS, usually port 465). */
    SMTPS
  }

  /** Mail not configured. */
  public static final SmtpSettings NONE =
      new SmtpSettings(null, 25, null, null, null, Security.NONE, Duration.ofSeconds(30));

  public SmtpSettings {
    Objects.requireNonNull(security, "security");
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("smtp port must be between 1 and 65535, not " + port);
    }
    if (host != null && (from == null || from.isBlank())) {
      throw new IllegalArgumentException("smtp needs a from address when a host is set");
    }
  }

  /** Plain SMTP on a host and port, with no login. */
  public static SmtpSettings plain(String host, int port, String from) {
    return new SmtpSettings(host, port, from, null, null, Security.NONE, null);
  }

  public boolean isConfigured() {
    return host != null && !host.isBlank();
  }

  // The password must never reach a log line or an error message.
  @Override
  public String toString() {
    return "SmtpSettings[host="
        + host
        + ", port="
        + port
        + ", from="
        + from
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : "***")
        + ", security="
        + security
        + ", timeout="
        + timeout
        + "]";
  }
}
