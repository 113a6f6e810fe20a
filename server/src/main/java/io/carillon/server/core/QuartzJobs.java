package io.carillon.server.core;

import io.carillon.jobs.quartz.CarillonJob;
import io.carillon.jobs.quartz.JobDataKeys;
import io.carillon.jobs.quartz.NonConcurrentCarillonJob;
import io.carillon.server.common.CarillonException;
import io.carillon.server.common.ConflictException;
import io.carillon.server.common.InternalJobs;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.NodeLeftClusterException;
import io.carillon.server.common.Overlap;
import io.carillon.server.core.schedule.Jitter;
import io.carillon.server.core.schedule.TriggerFactory;
import io.carillon.server.quartz.schema.StoredSchedule;
import java.time.Clock;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.impl.triggers.SimpleTriggerImpl;

/**
 * Carillon's job definitions written into Quartz, and the only place in core that calls the
 * scheduler. Quartz's checked exceptions are translated here, at the edge.
 */
final class QuartzJobs {
  private final Scheduler scheduler;
  private final TriggerFactory triggers;

  QuartzJobs(Scheduler scheduler, Clock clock) {
    this.scheduler = scheduler;
    this.triggers = new TriggerFactory(clock);
  }

  /** The job's one schedule trigger has the job's own key (in Quartz's trigger namespace). */
  static TriggerKey triggerKey(JobKey job) {
    return TriggerKey.triggerKey(job.getName(), job.getGroup());
  }

  /** The Quartz job of a definition: durable, its policies in the job data. */
  private JobDetail detail(JobDefinition definition) {
    return JobBuilder.newJob(jobClass(definition.normalised().overlap()))
        .withIdentity(definition.key())
        // No description: Quartz's column holds 250 characters, Carillon's table the real one.
        .storeDurably()
        .requestRecovery(definition.normalised().recover())
        .usingJobData(JobDataKeys.TYPE, definition.normalised().type())
        .usingJobData(JobDataKeys.PARAMS, definition.params().toJson())
        .usingJobData(new JobDataMap(RunPolicy.of(definition).toJobData()))
        .usingJobData(new JobDataMap(NotifyPolicy.of(definition).toJobData()))
        .build();
  }

  private Trigger trigger(JobDefinition definition) {
    JobKey key = definition.key();
    return triggers.build(
        triggerKey(key),
        key,
        definition.schedule(),
        definition.normalised().misfire(),
        null,
        Jitter.offset(
            key.getGroup(), key.getName(), definition.normalised().schedule().jitterDuration()),
        definition.normalised().calendar());
  }

  /**
   * A new job: the Quartz job and its trigger stored together, one transaction instead of one for
   * each. A Quartz job left under the same key (a create whose own row did not commit) is replaced,
   * as {@link #write} would.
   */
  void create(JobDefinition definition) {
    if (definition.schedule() == null) {
      write(definition);
      return;
    }
    JobDetail detail = detail(definition);
    Trigger trigger = trigger(definition);
    boolean stored =
        call(
            () -> {
              calendar(definition);
              try {
                scheduler.scheduleJob(detail, trigger);
              } catch (ObjectAlreadyExistsException leftOver) {
                return false;
              }
              if (!definition.enabled()) {
                scheduler.pauseJob(definition.key());
              }
              return true;
            });
    if (!stored) {
      write(definition);
    }
  }

  /** Creates or replaces the Quartz job and its trigger to match the definition. */
  void write(JobDefinition definition) {
    JobKey key = definition.key();
    JobDetail detail = detail(definition);
    call(
        () -> {
          // Checked before anything is written, so a missing calendar changes nothing.
          calendar(definition);
          scheduler.addJob(detail, true);
          TriggerKey triggerKey = triggerKey(key);
          if (definition.schedule() == null) {
            scheduler.unscheduleJob(triggerKey);
          } else {
            Trigger trigger = trigger(definition);
            if (scheduler.checkExists(triggerKey)) {
              scheduler.rescheduleJob(triggerKey, trigger);
            } else {
              scheduler.scheduleJob(trigger);
            }
          }
          if (!definition.enabled()) {
            scheduler.pauseJob(key);
          }
          return null;
        });
  }

  /** The job's calendar, which must exist: a 400 naming {@code calendar} otherwise. */
  private String calendar(JobDefinition definition) throws SchedulerException {
    String name = definition.normalised().calendar();
    if (name != null && scheduler.getCalendar(name) == null) {
      throw new InvalidInputException(
          "calendar", "no calendar named '" + name + "'; create it with PUT /calendars/" + name);
    }
    return name;
  }

  /**
   * Undoes a Quartz write when the transaction it was made for fails after Quartz committed it on
   * its own connection (the change's audit entry cannot be written): left there, Quartz would fire
   * a job the API says is deleted or paused, or fire it on a schedule the API says it no longer
   * has. {@code failure} is what the caller rethrows; a failure of the undo is kept with it as a
   * suppressed exception, never in its place.
   */
  static void undo(RuntimeException failure, Runnable compensation) {
    try {
      compensation.run();
    } catch (RuntimeException undo) {
      failure.addSuppressed(undo);
    }
  }

  /** Pauses or resumes the job's triggers. */
  void setEnabled(JobKey key, boolean enabled) {
    if (enabled) {
      resume(key);
    } else {
      pause(key);
    }
  }

  /**
   * Quartz's deleteJob lists the job's triggers, then unschedules them one by one, each in a
   * transaction of its own: a one-shot trigger (a run-now, a backfill step) whose run completes in
   * between is gone by then, and Quartz gives up ("Unable to unschedule trigger"). Listing again
   * finds the rest.
   */
  void delete(JobKey key) {
    call(
        () -> {
          for (int attempt = 1; ; attempt++) {
            try {
              return scheduler.deleteJob(key);
            } catch (SchedulerException e) {
              String message = e.getMessage() == null ? "" : e.getMessage();
              if (attempt == 3 || !message.startsWith("Unable to unschedule trigger")) {
                throw e;
              }
            }
          }
        });
  }

  void pause(JobKey key) {
    call(
        () -> {
          scheduler.pauseJob(key);
          return null;
        });
  }

  void resume(JobKey key) {
    call(
        () -> {
          scheduler.resumeJob(key);
          return null;
        });
  }

  /** Pauses every trigger but Carillon's internal ones: the canary must prove liveness still. */
  void pauseAll() {
    call(
        () -> {
          scheduler.pauseAll();
          scheduler.resumeTriggers(GroupMatcher.triggerGroupEquals(InternalJobs.GROUP));
          return null;
        });
  }

  void resumeAll() {
    call(
        () -> {
          scheduler.resumeAll();
          return null;
        });
  }

  /**
   * The job's schedule as a function: its first fire time strictly after an instant, null when it
   * has none (no schedule trigger, or past its end). Reads the trigger once.
   */
  java.util.function.UnaryOperator<java.time.Instant> fireTimes(JobKey key) {
    return fireTimes(call(() -> scheduler.getTrigger(triggerKey(key))));
  }

  /**
   * The same, from the trigger as it was read with the job's row ({@code stored}, null: the job has
   * none): a cron or simple trigger is rebuilt from its columns as Quartz's own read would build
   * it, with no statement; any other form is read through Quartz.
   */
  java.util.function.UnaryOperator<java.time.Instant> fireTimes(JobKey key, StoredSchedule stored) {
    if (stored == null) {
      return after -> null;
    }
    if (!stored.complete()) {
      return fireTimes(key);
    }
    TriggerBuilder<Trigger> builder =
        TriggerBuilder.newTrigger()
            .withIdentity(triggerKey(key))
            .startAt(new java.util.Date(stored.startMillis()))
            .endAt(stored.endMillis() == null ? null : new java.util.Date(stored.endMillis()));
    if (StoredSchedule.CRON.equals(stored.type())) {
      try {
        return fireTimes(
            builder
                .withSchedule(
                    CronScheduleBuilder.cronScheduleNonvalidatedExpression(stored.cronExpression())
                        .inTimeZone(java.util.TimeZone.getTimeZone(stored.timeZone())))
                .build());
      } catch (java.text.ParseException unreadable) {
        return fireTimes(key);
      }
    }
    Trigger simple =
        builder
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(stored.repeatIntervalMillis())
                    .withRepeatCount(stored.repeatCount()))
            .build();
    ((SimpleTriggerImpl) simple).setTimesTriggered(stored.timesTriggered());
    return fireTimes(simple);
  }

  /**
   * The same, for fire times before the job existed too: a cron schedule has them (its trigger only
   * starts when it was written); an interval begins at its start, so it has none before.
   */
  java.util.function.UnaryOperator<java.time.Instant> scheduleTimes(JobKey key) {
    Trigger trigger = call(() -> scheduler.getTrigger(triggerKey(key)));
    if (trigger instanceof org.quartz.CronTrigger) {
      trigger = trigger.getTriggerBuilder().startAt(new java.util.Date(0)).build();
    }
    return fireTimes(trigger);
  }

  private static java.util.function.UnaryOperator<java.time.Instant> fireTimes(Trigger trigger) {
    if (trigger == null) {
      return after -> null;
    }
    return after -> {
      java.util.Date next = trigger.getFireTimeAfter(java.util.Date.from(after));
      return next == null ? null : next.toInstant();
    };
  }

  void putCalendar(String name, org.quartz.Calendar calendar) {
    call(
        () -> {
          scheduler.addCalendar(name, calendar, true, true);
          return null;
        });
  }

  java.util.Optional<org.quartz.Calendar> calendar(String name) {
    return java.util.Optional.ofNullable(call(() -> scheduler.getCalendar(name)));
  }

  java.util.List<String> calendarNames() {
    return call(() -> scheduler.getCalendarNames()).stream().sorted().toList();
  }

  void deleteCalendar(String name) {
    try {
      scheduler.deleteCalendar(name);
    } catch (SchedulerException e) {
      // Quartz's own wording: "Calender cannot be removed if it referenced by a trigger!"
      if (String.valueOf(e.getMessage()).contains("referenced")) {
        throw new ConflictException(
            "calendar " + name + " is named by a job; change those jobs first");
      }
      throw new CarillonException("scheduler: " + e.getMessage(), e);
    }
  }

  private static Class<? extends Job> jobClass(Overlap overlap) {
    // Quartz expresses "one at a time" only through an annotation on the job class.
    return overlap == Overlap.QUEUE ? NonConcurrentCarillonJob.class : CarillonJob.class;
  }

  interface SchedulerCall<T> {
    T call() throws SchedulerException;
  }

  static <T> T call(SchedulerCall<T> work) {
    try {
      return work.call();
    } catch (SchedulerException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (message.contains("will never fire")) {
        throw new InvalidInputException(
            "schedule", "never fires: it has no fire time in the future");
      }
      // Quartz's own wording when a scheduler that shut down (a drained node) is used.
      if (message.contains("has been shutdown")) {
        throw new NodeLeftClusterException(
            "this node has drained and left the cluster: send the request to another node");
      }
      throw new CarillonException("scheduler: " + message, e);
    }
  }
}
