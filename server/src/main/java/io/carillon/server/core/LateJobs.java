package io.carillon.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.CarillonException;
import io.carillon.server.common.PeriodicTask;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.core.definition.NotifySpec;
import io.carillon.server.db.ExpectationDao;
import io.carillon.server.db.ExpectationDao.Row;
import io.carillon.server.db.ExpectationDao.Worked;
import io.carillon.server.db.PauseDao;
import io.carillon.server.notify.Notification;
import io.carillon.server.notify.NotificationEvent;
import io.carillon.server.notify.Notifier;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The late-job check (issue 18 §1), run by every node: brings each job's {@link Expectations} up to
 * date as runs finish and definitions change, and marks a job late when a deadline passes with no
 * start or no success, on time again when it no longer does. The change of state is a conditional
 * update, so however many nodes check at once, one of them notifies, once per episode.
 */
public final class LateJobs implements Managed {
  /** Rows looked at per step of one check; the rest wait for the next. */
  static final int BATCH = 5000;

  private static final Logger LOG = LoggerFactory.getLogger(LateJobs.class);

  private final ExpectationDao expectations;
  private final PauseDao pauses;
  private final QuartzJobs quartz;
  private final ObjectMapper json;
  private final Notifier notifier;
  private final String nodeId;
  private final Clock clock;
  private final AtomicLong checks = new AtomicLong();
  private final PeriodicTask task;

  public LateJobs(
      ExpectationDao expectations,
      PauseDao pauses,
      Scheduler scheduler,
      ObjectMapper json,
      Notifier notifier,
      String nodeId,
      Clock clock,
      Duration interval) {
    this.expectations = expectations;
    this.pauses = pauses;
    this.quartz = new QuartzJobs(scheduler, clock);
    this.json = json;
    this.notifier = notifier;
    this.nodeId = nodeId;
    this.clock = clock;
    this.task =
        new PeriodicTask(
            "carillon-late-jobs", interval, "Could not check for late jobs", this::check);
  }

  /** How many checks this node has completed since it started. */
  public long checks() {
    return checks.get();
  }

  /**
   * One check, unless another node is running one now (then this round is skipped: the other node's
   * check covers the same jobs).
   */
  public void check() {
    expectations.inTurn(this::checkNow);
  }

  /** One check: first what changed since the last one, then every job whose deadline came. */
  private void checkNow() {
    List<Worked> known = new java.util.ArrayList<>();
    List<Worked> fresh = new java.util.ArrayList<>();
    for (Row row : expectations.stale(BATCH)) {
      (row.known() ? known : fresh).add(refresh(row));
    }
    // A transaction each for the lot: after a burst of new jobs or runs, thousands of rows.
    expectations.saveAll(known, fresh);
    Instant now = clock.instant();
    for (Row row : expectations.due(now, BATCH)) {
      decide(row, now);
    }
    checks.incrementAndGet();
  }

  private Worked refresh(Row row) {
    Instant start = later(row.known() ? row.lastStartedAt() : null, row.jobLastStartedAt());
    Instant success = row.known() ? row.lastSuccessAt() : null;
    if ("SUCCEEDED".equals(row.jobLastStatus())) {
      success = later(success, row.jobLastFinishedAt());
    } else if (row.jobLastFinishedAt() != null) {
      success =
          later(success, expectations.newestSuccess(row.job(), row.incarnation()).orElse(null));
    }
    return worked(row, read(row), row.jobLastFinishedAt(), start, success);
  }

  private void decide(Row row, Instant now) {
    JobRequest definition = read(row);
    Instant start = row.lastStartedAt();
    Instant success = row.lastSuccessAt();
    Expectations due =
        new Expectations(row.expectedAt(), row.startDeadline(), row.successDeadline());
    boolean changed = false;
    if (passed(due.startDeadline(), now)) {
      Instant newest = expectations.newestStart(row.job(), row.incarnation()).orElse(null);
      changed |= newest != null && (start == null || newest.isAfter(start));
      start = later(start, newest);
    }
    if (passed(due.successDeadline(), now)) {
      Instant newest = expectations.newestSuccess(row.job(), row.incarnation()).orElse(null);
      changed |= newest != null && (success == null || newest.isAfter(success));
      success = later(success, newest);
    }
    if (changed) {
      due = save(row, definition, null, start, success);
    }
    String reason = reason(due, start, success, row.createdAt(), now);
    if (reason != null
        && pauses.plannedUntil(row.job().group(), row.job().name(), now).isPresent()) {
      // Paused with an end: planned, so not late while it lasts.
      reason = null;
    }
    if (reason != null) {
      if (row.lateSince() == null) {
        Instant since = earliestPassed(due, now);
        if (expectations.markLate(row.job(), since, reason)) {
          LOG.warn("{}/{} is late: {}", row.job().group(), row.job().name(), reason);
          notify(definition, NotificationEvent.LATE, row, since, reason);
        }
      } else if (!reason.equals(row.lateReason())) {
        expectations.updateReason(row.job(), reason);
      }
    } else if (row.lateSince() != null && expectations.clearLate(row.job())) {
      LOG.info("{}/{} is on time again", row.job().group(), row.job().name());
      notify(definition, NotificationEvent.ON_TIME, row, now, null);
    }
  }

  private Expectations save(
      Row row, JobRequest definition, Instant seenFinished, Instant start, Instant success) {
    Worked worked = worked(row, definition, seenFinished, start, success);
    expectations.save(worked);
    return new Expectations(worked.expectedAt(), worked.startDeadline(), worked.successDeadline());
  }

  /** What the job is held to now, from its definition and its last start and success. */
  private Worked worked(
      Row row, JobRequest definition, Instant seenFinished, Instant start, Instant success) {
    Expectations worked =
        expected(row, definition)
            ? Expectations.of(
                definition.expect(),
                fireTimes(row),
                start,
                row.updatedAt(),
                success,
                row.createdAt())
            : new Expectations(null, null, null);
    return new Worked(
        row.job(),
        row.version(),
        row.incarnation(),
        seenFinished,
        start,
        success,
        worked.expectedAt(),
        worked.startDeadline(),
        worked.successDeadline());
  }

  /** A job declared disabled is not expected to run until someone enables it. */
  private static boolean expected(Row row, JobRequest definition) {
    return row.enabled() || !Boolean.FALSE.equals(definition.enabled());
  }

  /**
   * The job's fire times from its schedule trigger, as the check's query read it with the job: no
   * statement per job for a cron or simple trigger, nor for a job with none (a one-shot that has
   * fired, an on-demand job).
   */
  private UnaryOperator<Instant> fireTimes(Row row) {
    return quartz.fireTimes(JobKey.jobKey(row.job().name(), row.job().group()), row.schedule());
  }

  /** Why the job is late now, or null if it is not. */
  static String reason(
      Expectations due, Instant start, Instant success, Instant createdAt, Instant now) {
    if (passed(due.startDeadline(), now)) {
      return "the fire time "
          + due.expectedAt()
          + " passed without a start (allowed: "
          + Duration.between(due.expectedAt(), due.startDeadline())
          + ")";
    }
    if (passed(due.successDeadline(), now)) {
      Instant since = success == null ? createdAt : success;
      return (success == null ? "no success since it was created at " : "no success since ")
          + since
          + " (allowed: "
          + Duration.between(since, due.successDeadline())
          + ")";
    }
    return null;
  }

  private static Instant earliestPassed(Expectations due, Instant now) {
    Instant start = passed(due.startDeadline(), now) ? due.startDeadline() : null;
    Instant success = passed(due.successDeadline(), now) ? due.successDeadline() : null;
    if (start == null) {
      return success;
    }
    return success == null || start.isBefore(success) ? start : success;
  }

  private void notify(
      JobRequest definition, NotificationEvent event, Row row, Instant since, String reason) {
    NotifySpec spec = definition.notifications();
    if (spec == null) {
      return;
    }
    List<String> channels = event == NotificationEvent.LATE ? spec.onLate() : spec.onRecovery();
    if (channels == null || channels.isEmpty()) {
      return;
    }
    notifier.send(
        Notification.lateness(event, row.job().group(), row.job().name(), since, reason, nodeId),
        channels);
  }

  private JobRequest read(Row row) {
    try {
      return json.readValue(row.definitionJson(), JobRequest.class);
    } catch (JsonProcessingException e) {
      throw new CarillonException(
          "stored definition of " + row.job().group() + "/" + row.job().name(), e);
    }
  }

  private static boolean passed(Instant deadline, Instant now) {
    return deadline != null && !deadline.isAfter(now);
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || !b.isAfter(a) ? a : b;
  }

  @Override
  public void start() {
    task.start();
  }

  @Override
  public void stop() {
    task.stop();
  }
}
