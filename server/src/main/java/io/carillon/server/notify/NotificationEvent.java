package io.carillon.server.notify;

/**
 * What a notification tells: a job's final failure, its recovery, or a success; or that a job is
 * late (a fire time passed without a start, or its last success is too old), and on time again.
 */
public enum NotificationEvent {
  FAILURE("failure", "failed"),
  RECOVERY("recovery", "recovered"),
  SUCCESS("success", "succeeded"),
  LATE("late", "is late"),
  ON_TIME("on-time", "is on time again");

  private final String json;
  private final String verb;

  NotificationEvent(String json, String verb) {
    this.json = json;
    this.verb = verb;
  }

  /** The name in a webhook's {@code event} field. */
  public String json() {
    return json;
  }

  /** What happened to the job, for sentences: "reports/nightly failed". */
  String verb() {
    return verb;
  }
}
