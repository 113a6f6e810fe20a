package io.carillon.server.core;

import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.core.schedule.ScheduleSpec;
import java.util.Map;

/** Job requests for unit tests: the parts a test names, every other part absent (its default). */
final class Requests {
  private Requests() {}

  static JobRequest job(
      String group, String name, String type, Map<String, Object> params, ScheduleSpec schedule) {
    return new JobRequest(
        group, name, type, null, params, null, schedule, null, null, null, null, null, null, null,
        null, null, null, null, null);
  }
}
