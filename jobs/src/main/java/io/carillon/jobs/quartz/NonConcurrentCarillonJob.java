package io.carillon.jobs.quartz;

import io.carillon.jobs.JobTypeRegistry;
import java.time.Clock;
import org.quartz.DisallowConcurrentExecution;

/**
 * {@link CarillonJob} for jobs whose runs must queue rather than overlap: Quartz reads the
 * annotation from the job class, so non-concurrency needs a class of its own.
 */
@DisallowConcurrentExecution
public final class NonConcurrentCarillonJob extends CarillonJob {

  NonConcurrentCarillonJob(JobTypeRegistry registry, Clock clock) {
    super(registry, clock);
  }
}
