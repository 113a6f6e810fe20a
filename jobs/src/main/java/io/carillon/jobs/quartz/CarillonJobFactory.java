package io.carillon.jobs.quartz;

import io.carillon.jobs.JobTypeRegistry;
import java.time.Clock;
import java.util.Objects;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.simpl.SimpleJobFactory;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Quartz's {@link JobFactory} for Carillon: builds {@link CarillonJob}s (and {@link
 * NonConcurrentCarillonJob}s) wired to the registry and hands every other job class (the server's
 * own housekeeping jobs) to a fallback factory.
 */
public final class CarillonJobFactory implements JobFactory {

  private final JobTypeRegistry registry;
  private final Clock clock;
  private final JobFactory fallback;

  /** Uses the system clock and Quartz's {@link SimpleJobFactory} for other job classes. */
  public CarillonJobFactory(JobTypeRegistry registry) {
    this(registry, Clock.systemUTC(), new SimpleJobFactory());
  }

  public CarillonJobFactory(JobTypeRegistry registry, Clock clock, JobFactory fallback) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    Class<?> jobClass = bundle.getJobDetail().getJobClass();
    if (jobClass == CarillonJob.class) {
      return new CarillonJob(registry, clock);
    }
    if (jobClass == NonConcurrentCarillonJob.class) {
      return new NonConcurrentCarillonJob(registry, clock);
    }
    return fallback.newJob(bundle, scheduler);
  }
}
