package io.carillon.server.core;

import io.carillon.server.common.Caller;
import io.carillon.server.common.Overlap;
import io.carillon.server.common.Role;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.core.schedule.MisfirePolicy;
import io.carillon.server.core.schedule.ScheduleSpec;
import java.util.Map;

/** Job requests for unit tests: the parts a test names, every other part absent (its default). */
public final class Requests {
  /**
   * Changes made by admin {@code alice} (key {@code k-admin}), audited with the parts of the job a
   * test checks: its version, state and description.
   */
  static final JobAudit BY_ALICE =
      JobAudit.by(
          new Caller("k-admin", "alice", Role.ADMIN),
          row ->
              Map.of(
                  "version", row.job().version(),
                  "state", row.state().name(),
                  "description", String.valueOf(row.job().description())));

  private Requests() {}

  /** {@code reports/nightly}, a {@code noop} job on a cron in UTC. */
  static JobRequest nightly(String cron, String description) {
    return noop("reports", "nightly", description, ScheduleSpec.cron(cron, "UTC"), Overlap.ALLOW);
  }

  static JobRequest job(
      String group, String name, String type, Map<String, Object> params, ScheduleSpec schedule) {
    return new JobRequest(
        group, name, type, null, params, null, schedule, null, null, null, null, null, null, null,
        null, null, null, null, null);
  }

  /** A {@code noop} job with a description, a schedule and an overlap policy. */
  static JobRequest noop(
      String group, String name, String description, ScheduleSpec schedule, Overlap overlap) {
    return noop(group, name, description, schedule, null, overlap);
  }

  /** A {@code noop} job with a description, a schedule, a misfire and an overlap policy. */
  public static JobRequest noop(
      String group,
      String name,
      String description,
      ScheduleSpec schedule,
      MisfirePolicy misfire,
      Overlap overlap) {
    return new JobRequest(
        group,
        name,
        "noop",
        description,
        null,
        null,
        schedule,
        misfire,
        overlap,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
