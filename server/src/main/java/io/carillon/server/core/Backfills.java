package io.carillon.server.core;

import io.carillon.server.common.Backfill;
import io.carillon.server.common.ConflictException;
import io.carillon.server.common.ExecutionRow;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobRow;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.common.Overlap;
import io.carillon.server.common.TriggerKind;
import io.carillon.server.db.BackfillDao;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfill (issue 18 §4): runs each fire time a job's schedule had in a range, oldest first,
 * recorded with {@code trigger: backfill} and the fire time as its scheduled time: one after the
 * other, or, for a job whose overlap is {@code allow}, up to {@code maxConcurrent} at once. Every
 * node drives the running backfills ({@link #drive}); each step is claimed by one of them.
 */
public final class Backfills {
  public static final int MAX_RUNS = 1000;
  static final int DEFAULT_MAX_RUNS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(Backfills.class);

  private final JobService jobs;
  private final JobRuns runs;
  private final ExecutionService executions;
  private final BackfillDao backfills;
  private final Clock clock;
  private final int maxConcurrent;
  private final AuditLog audit;

  public Backfills(
      JobService jobs,
      JobRuns runs,
      ExecutionService executions,
      BackfillDao backfills,
      AuditLog audit,
      Clock clock,
      int maxConcurrent) {
    this.jobs = jobs;
    this.runs = runs;
    this.executions = executions;
    this.backfills = backfills;
    this.audit = audit;
    this.clock = clock;
    this.maxConcurrent = maxConcurrent;
  }

  /** Starts a backfill for {@code by}; the backfill and its audit entry are one transaction. */
  public Backfill start(String group, String name, BackfillRange request, Audited<Backfill> by) {
    Instant now = clock.instant();
    List<FieldError> errors = new ArrayList<>();
    Instant from = request.from();
    Instant to = request.to();
    int maxRuns = request.maxRuns() == null ? DEFAULT_MAX_RUNS : request.maxRuns();
    if (from == null) {
      errors.add(new FieldError("from", "is required"));
    } else if (!InstantRange.contains(from)) {
      errors.add(new FieldError("from", InstantRange.RULE));
      from = null;
    }
    if (to == null) {
      errors.add(new FieldError("to", "is required"));
    } else if (!InstantRange.contains(to)) {
      errors.add(new FieldError("to", InstantRange.RULE));
      to = null;
    } else if (to.isAfter(now)) {
      errors.add(new FieldError("to", "must not be in the future (it is " + now + " now)"));
    }
    if (from != null && to != null && !from.isBefore(to)) {
      errors.add(new FieldError("from", "must be before to"));
    }
    if (maxRuns < 1 || maxRuns > MAX_RUNS) {
      errors.add(new FieldError("maxRuns", "must be between 1 and " + MAX_RUNS));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    List<Instant> times = fireTimes(runs.scheduleTimes(group, name), from, to, maxRuns);
    if (times.isEmpty()) {
      throw new InvalidInputException(
          "from", "the job's schedule has no fire time from " + from + " to " + to);
    }
    Backfill backfill =
        new Backfill(
            UUID.randomUUID().toString(),
            group,
            name,
            from,
            to,
            times,
            0,
            null,
            BackfillDao.RUNNING,
            by.actor().name(),
            now,
            now,
            List.of());
    return audit.atomically(
        () -> {
          backfills.insert(backfill);
          audit.record(
              by.actor(), "job.backfill", "job:" + group + "/" + name, null, by.show(backfill));
          return backfill;
        });
  }

  /** The fire times from {@code from} to {@code to}, both included; 400 past {@code maxRuns}. */
  static List<Instant> fireTimes(
      UnaryOperator<Instant> fireAfter, Instant from, Instant to, int maxRuns) {
    List<Instant> times = new ArrayList<>();
    Instant next = fireAfter.apply(from.minusMillis(1));
    while (next != null && !next.isAfter(to)) {
      if (times.size() == maxRuns) {
        throw new InvalidInputException(
            "maxRuns",
            "the range has more than "
                + maxRuns
                + " fire times; narrow it or raise maxRuns (at most "
                + MAX_RUNS
                + ")");
      }
      times.add(next);
      next = fireAfter.apply(next);
    }
    return times;
  }

  public Backfill get(String id) {
    return backfills.find(id).orElseThrow(() -> notFound(id));
  }

  public List<Backfill> ofJob(String group, String name) {
    jobs.get(group, name);
    return backfills.ofJob(group, name, 20);
  }

  /** Stops a running backfill: no further fire time starts; a run under way goes on. */
  public Backfill cancel(String id, Audited<Backfill> by) {
    return audit.atomically(
        () -> {
          Backfill backfill = get(id);
          if (!backfills.finish(id, BackfillDao.CANCELLED, clock.instant())) {
            throw new ConflictException(
                "backfill " + id + " is " + backfill.status().toLowerCase(java.util.Locale.ROOT));
          }
          // Read in the transaction: the entry shows the backfill as the cancel leaves it.
          Backfill cancelled = get(id);
          audit.record(by.actor(), "backfill.cancel", "backfill:" + id, null, by.show(cancelled));
          return cancelled;
        });
  }

  /**
   * One step of every running backfill: the next fire times start while fewer of its runs are in
   * flight than it may have (one; {@code maxConcurrent} for overlap {@code allow}).
   */
  public void drive() {
    for (Backfill backfill : backfills.running()) {
      try {
        step(backfill);
      } catch (RuntimeException e) {
        LOG.warn(
            "Backfill {} of {}/{}: {}",
            backfill.id(),
            backfill.group(),
            backfill.name(),
            e.getMessage());
      }
    }
  }

  private void step(Backfill backfill) {
    List<String> inFlight =
        new ArrayList<>(backfill.inFlight().stream().filter(this::stillGoing).toList());
    Instant now = clock.instant();
    int index = backfill.nextIndex();
    if (index >= backfill.fireTimes().size()) {
      if (inFlight.isEmpty()) {
        backfills.finish(backfill.id(), BackfillDao.DONE, now);
      }
      return;
    }
    Optional<JobRow> job = jobs.find(backfill.group(), backfill.name());
    if (job.isEmpty()) {
      backfills.finish(backfill.id(), BackfillDao.CANCELLED, now);
      return;
    }
    // Side by side only where the job's own fires may overlap; skip, queue and replace would
    // otherwise turn the backfill's own runs into skipped, waiting or interrupted ones.
    int allowed = jobs.read(job.get().job()).overlap() == Overlap.ALLOW ? maxConcurrent : 1;
    while (inFlight.size() < allowed && index < backfill.fireTimes().size()) {
      String execution = UUID.randomUUID().toString();
      inFlight.add(execution);
      if (!backfills.claim(backfill.id(), index, execution, inFlight, now)) {
        return; // Another node took this step: it starts the next ones too.
      }
      Instant logical = backfill.fireTimes().get(index);
      runs.runAs(backfill.group(), backfill.name(), execution, TriggerKind.BACKFILL, logical);
      index++;
    }
  }

  /** Whether the run is not recorded yet, or still running. */
  private boolean stillGoing(String executionId) {
    Optional<ExecutionRow> run;
    try {
      run = Optional.of(executions.get(executionId));
    } catch (NotFoundException notYet) {
      run = Optional.empty();
    }
    return run.map(r -> "RUNNING".equals(r.status())).orElse(true);
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("backfill " + id + " does not exist");
  }
}
