package io.carillon.server.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One event about one run, as every channel reports it. {@code error} is a one-line message with no
 * stack trace; the job's parameters are never part of it, so no secret they hold can leak.
 */
public record Notification(
    NotificationEvent event,
    String group,
    String name,
    String executionId,
    String status,
    int attempt,
    Instant startedAt,
    Instant finishedAt,
    long durationMs,
    String error,
    String node) {
  static final int MAX_ERROR_CHARS = 500;
  private static final Pattern URL_CREDENTIALS =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]+@");

  public Notification {
    error = firstLine(error);
  }

  /** The job as {@code group/name}. */
  public String job() {
    return group + "/" + name;
  }

  /**
   * That a job is late ({@code reason} why, since when) or on time again: no run is told of, so
   * only the job, the moment and the reason are filled in.
   */
  public static Notification lateness(
      NotificationEvent event,
      String group,
      String name,
      Instant since,
      String reason,
      String node) {
    return new Notification(event, group, name, null, null, 0, since, null, 0, reason, node);
  }

  private boolean aboutLateness() {
    return event == NotificationEvent.LATE || event == NotificationEvent.ON_TIME;
  }

  /** The generic webhook's JSON body, as a tree of maps. */
  Map<String, Object> toJson() {
    if (aboutLateness()) {
      Map<String, Object> late = new LinkedHashMap<>();
      late.put("since", startedAt == null ? null : startedAt.toString());
      late.put("reason", error);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("event", event.json());
      body.put("job", Map.of("group", group, "name", name));
      body.put("late", late);
      body.put("node", node);
      return body;
    }
    Map<String, Object> execution = new LinkedHashMap<>();
    execution.put("id", executionId);
    execution.put("status", status);
    execution.put("attempt", attempt);
    execution.put("startedAt", startedAt == null ? null : startedAt.toString());
    execution.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
    execution.put("durationMs", durationMs);
    execution.put("error", error);
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("group", group);
    job.put("name", name);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", event.json());
    body.put("job", job);
    body.put("execution", execution);
    body.put("node", node);
    return body;
  }

  /** One sentence for chat and subject lines: "Carillon: reports/nightly failed (attempt 3)". */
  String headline() {
    if (aboutLateness()) {
      return "Carillon: " + job() + " " + event.verb() + (error == null ? "" : " (" + error + ")");
    }
    return "Carillon: " + job() + " " + event.verb() + " (" + status + ", attempt " + attempt + ")";
  }

  /** The plain text of an e-mail or a chat message. */
  String text() {
    StringBuilder text = new StringBuilder(headline()).append('\n');
    if (aboutLateness()) {
      return text.append("Node: ").append(node).append('\n').toString();
    }
    text.append("Execution: ").append(executionId).append('\n');
    text.append("Node: ").append(node).append('\n');
    text.append("Started: ").append(startedAt).append('\n');
    text.append("Finished: ").append(finishedAt).append(" (").append(durationMs).append(" ms)\n");
    if (error != null) {
      text.append("Error: ").append(error).append('\n');
    }
    return text.toString();
  }

  // The first line of a message is the exception's own text; the rest is the stack trace.
  // Credentials in a URL (scheme://user:password@host) are cut out in case a job quoted one.
  static String firstLine(String error) {
    if (error == null || error.isBlank()) {
      return null;
    }
    String line = error.strip().lines().findFirst().orElse("").strip();
    line = URL_CREDENTIALS.matcher(line).replaceAll("$1***@");
    return line.length() <= MAX_ERROR_CHARS ? line : line.substring(0, MAX_ERROR_CHARS) + "...";
  }
}
