package io.carillon.server.core;

import io.carillon.server.common.Caller;
import io.carillon.server.common.JobRow;
import java.util.function.Function;

/**
 * Who changes a job, and how its audit entry shows the job before and after: the API shows its
 * view, config.yml its definition. {@code replacing} is the action a replacement is recorded as
 * ({@code job.replace}, or {@code job.patch} for a merge patch).
 */
public record JobAudit(Caller actor, String replacing, Function<JobRow, Object> shown) {
  public static JobAudit by(Caller actor, Function<JobRow, Object> shown) {
    return new JobAudit(actor, "job.replace", shown);
  }

  public JobAudit replacingAs(String action) {
    return new JobAudit(actor, action, shown);
  }

  static String target(String group, String name) {
    return "job:" + group + "/" + name;
  }
}
