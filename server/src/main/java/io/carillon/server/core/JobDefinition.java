package io.carillon.server.core;

import io.carillon.jobs.JobParameters;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.core.schedule.Schedule;
import org.quartz.JobKey;

/**
 * A job request that passed validation: typed parameters, a parsed schedule (null: on demand only),
 * and the normalised request with every default filled in, which is what is stored and shown.
 */
public record JobDefinition(
    JobRequest normalised, JobParameters params, Schedule schedule, java.time.Duration timeout) {

  public String group() {
    return normalised.group();
  }

  public String name() {
    return normalised.name();
  }

  public JobKey key() {
    return JobKey.jobKey(name(), group());
  }

  public boolean enabled() {
    return normalised.enabled();
  }

  /** The same definition, paused or not: a job's enabled column, not its request, says which. */
  public JobDefinition withEnabled(boolean enabled) {
    JobRequest r = normalised;
    JobRequest request =
        new JobRequest(
            r.group(),
            r.name(),
            r.type(),
            r.description(),
            r.params(),
            r.overridable(),
            r.schedule(),
            r.misfire(),
            r.overlap(),
            r.retry(),
            r.timeout(),
            r.recover(),
            r.notifications(),
            r.labels(),
            enabled,
            r.expect(),
            r.history(),
            r.calendar(),
            r.after());
    return new JobDefinition(request, params, schedule, timeout);
  }
}
