package io.carillon.server.quartz.store;

import io.carillon.server.db.FoldedRuns;
import io.carillon.server.db.RunRecorder;
import io.carillon.server.quartz.RunStarts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.Calendar;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerKey;
import org.quartz.impl.JobDetailImpl;
import org.quartz.impl.jdbcjobstore.Constants;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.spi.TriggerFiredResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires a batch of acquired triggers in the caller's transaction, as Quartz's {@code triggersFired}
 * does one by one: each trigger still as acquired gets its next fire time from its schedule and
 * calendar, its new state (WAITING, BLOCKED for a non-concurrent job, COMPLETE when none is left)
 * and its fired row as EXECUTING, all in the statements of {@link TriggerFiring}; the RUNNING rows
 * of Carillon's runs are written in the same statement when the store folds them in. A trigger
 * changed since acquisition (deleted, paused, completed, blocked) gets no bundle, so Quartz
 * releases it.
 */
final class BatchFiring {
  private static final Logger LOG = LoggerFactory.getLogger(BatchFiring.class);

  /** A calendar by name on the transaction's connection: JobStoreSupport's, which caches them. */
  @FunctionalInterface
  interface Calendars {
    Calendar retrieve(Connection conn, String name) throws JobPersistenceException;
  }

  /** What a firing transaction did: Quartz's results, and the run starts it wrote with them. */
  record Fired(List<TriggerFiredResult> results, List<RunRecorder.Start> starts) {}

  private final SetBasedDelegate delegate;
  private final TriggerFiring firing;
  private final RunStarts runStarts;
  private final FoldedRuns foldedRuns;
  private final Calendars calendars;

  /** {@code foldedRuns}: null when Carillon records run starts on its own. */
  BatchFiring(
      SetBasedDelegate delegate,
      TriggerFiring firing,
      RunStarts runStarts,
      FoldedRuns foldedRuns,
      Calendars calendars) {
    this.delegate = delegate;
    this.firing = firing;
    this.runStarts = runStarts;
    this.foldedRuns = foldedRuns;
    this.calendars = calendars;
  }

  /**
   * Fires {@code triggers} on {@code conn}. {@code acquired}: the rows as the acquisition in the
   * same transaction locked them (a held batch, still WAITING, with no non-concurrent job), which
   * need neither the job locks nor a second read, unless a job persists its data after a run (a
   * completion of another run of it may have written that since); null: the batch was committed
   * ACQUIRED, so lock the non-concurrent jobs and read the rows.
   */
  Fired fire(
      Connection conn,
      List<OperableTrigger> triggers,
      Map<TriggerKey, TriggerFiring.Current> acquired)
      throws JobPersistenceException {
    long now = System.currentTimeMillis();
    boolean held = acquired != null;
    String acquiredState = held ? Constants.STATE_WAITING : Constants.STATE_ACQUIRED;
    Map<TriggerKey, TriggerFiring.Current> current;
    try {
      if (acquired != null && acquired.values().stream().noneMatch(BatchFiring::persistsData)) {
        current = acquired;
      } else {
        if (acquired == null) {
          firing.lockNonConcurrentJobs(conn, triggers);
        }
        current = firing.read(conn, triggers, delegate);
      }
    } catch (SQLException e) {
      throw new JobPersistenceException("Couldn't read triggers to fire: " + e.getMessage(), e);
    }
    TriggerFiredResult[] results = new TriggerFiredResult[triggers.size()];
    List<TriggerFiring.Fired> fired = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    List<Calendar> calendarsUsed = new ArrayList<>();
    List<Date> previousTimes = new ArrayList<>();
    for (int i = 0; i < triggers.size(); i++) {
      OperableTrigger trigger = triggers.get(i);
      TriggerFiring.Current row = current.get(trigger.getKey());
      // Deleted, paused, completed or blocked since acquisition: Quartz releases it.
      if (row == null || !acquiredState.equals(row.state())) {
        results[i] = new TriggerFiredResult((TriggerFiredBundle) null);
        continue;
      }
      if (row.unreadableJob() != null) {
        results[i] = new TriggerFiredResult(markError(conn, trigger, row.unreadableJob()));
        continue;
      }
      Calendar calendar = null;
      if (trigger.getCalendarName() != null) {
        calendar = calendars.retrieve(conn, trigger.getCalendarName());
        if (calendar == null) {
          results[i] = new TriggerFiredResult((TriggerFiredBundle) null);
          continue;
        }
      }
      JobDetailImpl job = row.job();
      Date previous = trigger.getPreviousFireTime();
      long scheduled = trigger.getNextFireTime().getTime();
      trigger.triggered(calendar);
      String state = Constants.STATE_WAITING;
      if (job.isConcurrentExecutionDisallowed()) {
        state = Constants.STATE_BLOCKED;
      }
      if (trigger.getNextFireTime() == null) {
        state = Constants.STATE_COMPLETE;
      }
      Long times =
          trigger instanceof SimpleTrigger simple ? (long) simple.getTimesTriggered() : null;
      fired.add(
          new TriggerFiring.Fired(
              trigger,
              state,
              scheduled,
              times,
              job.isConcurrentExecutionDisallowed(),
              job.requestsRecovery()));
      positions.add(i);
      calendarsUsed.add(calendar);
      previousTimes.add(previous);
    }
    // The bundles before the write, so that the runs they begin can be written with it.
    List<TriggerFiredBundle> bundles = new ArrayList<>();
    for (int k = 0; k < fired.size(); k++) {
      OperableTrigger trigger = fired.get(k).trigger();
      JobDetail job = current.get(trigger.getKey()).job();
      job.getJobDataMap().clearDirtyFlag();
      bundles.add(
          new TriggerFiredBundle(
              job,
              trigger,
              calendarsUsed.get(k),
              trigger.getKey().getGroup().equals(Scheduler.DEFAULT_RECOVERY_GROUP),
              new Date(now),
              trigger.getPreviousFireTime(),
              previousTimes.get(k),
              trigger.getNextFireTime()));
    }
    List<RunRecorder.Start> starts = starts(bundles, now);
    FoldedRuns.Starting starting =
        starts.isEmpty() ? null : foldedRuns.starting(starts, TriggerFiring.FIRED_IDS);
    TriggerFiring.Written written = new TriggerFiring.Written(Set.of(), Set.of());
    try {
      if (!fired.isEmpty()) {
        written = firing.write(conn, fired, now, held, starting);
        writeOtherTriggerTypes(conn, fired, written.triggers());
      }
    } catch (SQLException e) {
      throw new JobPersistenceException("Couldn't fire triggers: " + e.getMessage(), e);
    }
    for (int k = 0; k < fired.size(); k++) {
      boolean wrote = written.triggers().contains(fired.get(k).trigger().getKey());
      results[positions.get(k)] = new TriggerFiredResult(wrote ? bundles.get(k) : null);
    }
    return new Fired(
        List.of(results), starting == null ? List.of() : starting.written(written.started()));
  }

  private static boolean persistsData(TriggerFiring.Current row) {
    return row.job() == null || row.job().isPersistJobDataAfterExecution();
  }

  /** The starts of Carillon's runs these fires begin; none when Carillon records them itself. */
  private List<RunRecorder.Start> starts(List<TriggerFiredBundle> bundles, long now) {
    if (foldedRuns == null) {
      return List.of();
    }
    List<RunRecorder.Start> starts = new ArrayList<>();
    for (TriggerFiredBundle bundle : bundles) {
      runStarts.of(bundle, Instant.ofEpochMilli(now)).ifPresent(starts::add);
    }
    return starts;
  }

  /**
   * The fire statement writes what firing changes for simple and cron triggers (fire times and the
   * simple trigger's count); other types keep state in their own table, written as Quartz writes
   * them.
   */
  private void writeOtherTriggerTypes(
      Connection conn, List<TriggerFiring.Fired> fired, Set<TriggerKey> written)
      throws SQLException, JobPersistenceException {
    for (TriggerFiring.Fired f : fired) {
      OperableTrigger trigger = f.trigger();
      if (!written.contains(trigger.getKey())) {
        continue;
      }
      TriggerPersistenceDelegate persistence = delegate.persistenceOf(trigger);
      String type = persistence == null ? null : persistence.getHandledTriggerTypeDiscriminator();
      if (Constants.TTYPE_SIMPLE.equals(type) || Constants.TTYPE_CRON.equals(type)) {
        continue;
      }
      try {
        delegate.updateTrigger(conn, trigger, f.state(), null);
      } catch (java.io.IOException e) {
        throw new JobPersistenceException("Couldn't store trigger " + trigger.getKey(), e);
      }
    }
  }

  private JobPersistenceException markError(
      Connection conn, OperableTrigger trigger, Exception cause) {
    LOG.error("Error retrieving job, setting trigger state to ERROR.", cause);
    try {
      delegate.updateTriggerState(conn, trigger.getKey(), Constants.STATE_ERROR);
    } catch (SQLException e) {
      LOG.error("Unable to set trigger state to ERROR.", e);
    }
    return new JobPersistenceException("Couldn't retrieve job: " + cause.getMessage(), cause);
  }
}
