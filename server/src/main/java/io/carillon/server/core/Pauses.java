package io.carillon.server.core;

import io.carillon.server.common.Caller;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobRow;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.common.Pause;
import io.carillon.server.common.StoredJob;
import io.carillon.server.db.JobDao;
import io.carillon.server.db.PauseDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pausing with a reason and an end (issue 18 §6): a job, a group or the whole cluster is paused as
 * before, and who paused it, why and until when is recorded beside it. {@link #resumeEnded} resumes
 * each pause whose end has come, on the one node that claims it.
 */
public final class Pauses {
  static final int MAX_REASON = 500;
  static final Duration MAX_AHEAD = Duration.ofDays(400);

  private static final Logger LOG = LoggerFactory.getLogger(Pauses.class);

  private final JobService jobs;
  private final JobDao store;
  private final QuartzJobs quartz;
  private final PauseDao pauses;
  private final AuditLog audit;
  private final Clock clock;

  public Pauses(
      JobService jobs,
      JobDao store,
      Scheduler scheduler,
      PauseDao pauses,
      AuditLog audit,
      Clock clock) {
    this.jobs = jobs;
    this.store = store;
    this.quartz = new QuartzJobs(scheduler, clock);
    this.pauses = pauses;
    this.audit = audit;
    this.clock = clock;
  }

  /** Pauses a job; the job, its pause and the audit entry are one transaction. */
  public JobRow pauseJob(String group, String name, PauseTerms request, JobAudit by) {
    Pause pause = pause(Pause.JOB, group, name, request, by.actor().name());
    return setEnabled(group, name, false, by, "job.pause", () -> pauses.put(pause));
  }

  public JobRow resumeJob(String group, String name, JobAudit by) {
    return setEnabled(
        group, name, true, by, "job.resume", () -> pauses.delete(Pause.JOB, group, name));
  }

  /**
   * Pauses every job of the group; returns how many, and the pause recorded. The group's pause and
   * its audit entry are one transaction, written before the jobs change and committed after: each
   * job changes in a transaction of its own with its Quartz triggers (as {@link #pauseJob} does),
   * so an entry that cannot be written changes no job, and a job that cannot be changed leaves no
   * entry (the jobs changed before it stay consistently paused; pausing again finishes the group).
   */
  public GroupPaused pauseGroup(String group, PauseTerms request, Audited<GroupPaused> by) {
    JobRequests.requireKeyPart("group", group);
    Pause pause = pause(Pause.GROUP, group, "", request, by.actor().name());
    return audit.atomically(
        () -> {
          List<String> names = store.names(group);
          GroupPaused paused = new GroupPaused(names.size(), pause);
          pauses.put(pause);
          audit.record(by.actor(), "group.pause", "group:" + group, null, by.show(paused));
          setEnabled(group, names, false);
          return paused;
        });
  }

  /** How many jobs a group pause changed, and the pause. */
  public record GroupPaused(int jobs, Pause pause) {}

  /** Resumes every job of the group; returns how many. Ordered as {@link #pauseGroup}, for why. */
  public int resumeGroup(String group, Audited<Integer> by) {
    JobRequests.requireKeyPart("group", group);
    return audit.atomically(
        () -> {
          List<String> names = store.names(group);
          pauses.delete(Pause.GROUP, group, "");
          audit.record(by.actor(), "group.resume", "group:" + group, null, by.show(names.size()));
          setEnabled(group, names, true);
          return names.size();
        });
  }

  /**
   * Pauses every trigger of the cluster. Quartz pauses them in its own transaction on its own
   * connection, which the pause row and the audit entry cannot share: they are written first and
   * committed once Quartz has paused, so a refused pause leaves neither and an entry that cannot be
   * written pauses nothing.
   */
  public Pause pauseAll(PauseTerms request, Audited<Pause> by) {
    Pause pause = pause(Pause.CLUSTER, "", "", request, by.actor().name());
    return audit.atomically(
        () -> {
          pauses.put(pause);
          audit.record(by.actor(), "scheduler.pause-all", "scheduler", null, by.show(pause));
          quartz.pauseAll();
          return pause;
        });
  }

  /** Resumes every trigger of the cluster; ordered as {@link #pauseAll}, for the same reason. */
  public void resumeAll(Audited<Void> by) {
    audit.atomically(
        () -> {
          pauses.delete(Pause.CLUSTER, "", "");
          audit.record(by.actor(), "scheduler.resume-all", "scheduler", null, by.show(null));
          quartz.resumeAll();
          return null;
        });
  }

  /** The cluster's pause-all, if one was made through the API and is in force. */
  public Optional<Pause> cluster() {
    return pauses.find(Pause.CLUSTER, "", "");
  }

  /**
   * Resumes every pause whose end has come that this node claims first; returns how many. A job or
   * group that no longer exists, or was resumed by hand meanwhile, just loses its pause.
   */
  public int resumeEnded(String node) {
    int resumed = 0;
    Instant now = clock.instant();
    for (Pause pause : pauses.ended(now)) {
      if (!pauses.claim(pause, node, now)) {
        continue;
      }
      try {
        resume(pause);
        resumed++;
      } catch (NotFoundException gone) {
        LOG.info("Pause of {} {} ended, but it is gone", pause.scope(), target(pause));
      } finally {
        pauses.resumed(pause, node);
      }
    }
    return resumed;
  }

  /** Resumes what an ended pause paused, recorded as Carillon's in the same transaction. */
  private void resume(Pause pause) {
    Map<String, Object> after = Map.of("until", pause.until().toString(), "automatic", true);
    String action =
        pause.scope().equals(Pause.CLUSTER) ? "scheduler.resume-all" : pause.scope() + ".resume";
    Runnable record =
        () -> audit.record(Caller.CARILLON, action, target(pause), describe(pause), after);
    switch (pause.scope()) {
      case Pause.JOB -> setEnabled(pause.group(), pause.name(), true, null, null, record);
      case Pause.GROUP ->
          audit.atomically(
              () -> {
                record.run();
                setEnabled(pause.group(), store.names(pause.group()), true);
                return null;
              });
      default ->
          audit.atomically(
              () -> {
                record.run();
                quartz.resumeAll();
                return null;
              });
    }
    LOG.info("Resumed {} {}: its pause ended at {}", pause.scope(), target(pause), pause.until());
  }

  private static String target(Pause pause) {
    switch (pause.scope()) {
      case Pause.JOB:
        return "job:" + pause.group() + "/" + pause.name();
      case Pause.GROUP:
        return "group:" + pause.group();
      default:
        return "scheduler";
    }
  }

  private static Map<String, Object> describe(Pause pause) {
    Map<String, Object> described = new java.util.LinkedHashMap<>();
    described.put("reason", pause.reason());
    described.put("since", pause.since().toString());
    described.put("by", pause.by());
    return described;
  }

  private Pause pause(String scope, String group, String name, PauseTerms request, String by) {
    Instant now = clock.instant();
    String reason = request.reason();
    Instant until = request.until();
    List<FieldError> errors = new ArrayList<>();
    if (reason != null && reason.length() > MAX_REASON) {
      errors.add(new FieldError("reason", "must be at most " + MAX_REASON + " characters"));
    }
    if (reason != null && reason.isBlank()) {
      reason = null;
    }
    if (until != null && !InstantRange.contains(until)) {
      errors.add(new FieldError("until", InstantRange.RULE));
    } else if (until != null && !until.isAfter(now)) {
      errors.add(new FieldError("until", "must be in the future (it is " + now + " now)"));
    } else if (until != null && until.isAfter(now.plus(MAX_AHEAD))) {
      errors.add(new FieldError("until", "must be at most 400 days ahead"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new Pause(scope, group, name, reason, now, by, until);
  }

  /** The enabled column is the truth for pause state; the stored definition is left as sent. */
  private JobRow setEnabled(
      String group, String name, boolean enabled, JobAudit by, String action, Runnable alongside) {
    JobKey key = JobKey.jobKey(name, group);
    Object before = by == null ? null : jobs.find(group, name).map(by.shown()).orElse(null);
    AtomicReference<JobRow> after = new AtomicReference<>();
    boolean found =
        store.setEnabled(
            group,
            name,
            enabled,
            clock.instant(),
            () -> {
              quartz.setEnabled(key, enabled);
              try {
                alongside.run();
                if (by != null) {
                  after.set(jobs.recordChange(by, action, group, name, before));
                }
              } catch (RuntimeException e) {
                // Reversed only if it changed: the committed row says what the job was before.
                QuartzJobs.undo(
                    e,
                    () -> {
                      if (store.find(group, name).map(StoredJob::enabled).orElse(enabled)
                          != enabled) {
                        quartz.setEnabled(key, !enabled);
                      }
                    });
                throw e;
              }
            });
    if (!found) {
      throw JobService.notFound(group, name);
    }
    return after.get() != null ? after.get() : jobs.get(group, name);
  }

  /** Each job in a transaction of its own, with its Quartz triggers. */
  private void setEnabled(String group, List<String> names, boolean enabled) {
    for (String name : names) {
      setEnabled(group, name, enabled, null, null, () -> {});
    }
  }
}
