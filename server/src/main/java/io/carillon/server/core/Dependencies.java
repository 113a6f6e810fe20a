package io.carillon.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.CarillonException;
import io.carillon.server.common.DependencyOn;
import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.ForbiddenException;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobRow;
import io.carillon.server.common.JobState;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.db.DependencyRunDao;
import io.carillon.server.db.DependencyRunDao.Candidate;
import io.carillon.server.db.DependencyRunDao.DependencyRun;
import io.carillon.server.db.RunRequestDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the runs of jobs that wait on others (issue 18 §2), exactly once per upstream run across
 * the cluster. Every node looks at carillon_execution for upstream runs that ended with no decision
 * yet ({@link #drive}); the first to insert the decision row for a pair (its primary key) claims
 * it, starts the run through the run-now path under an id chosen up front, and settles the claim. A
 * claim left unsettled by a node that died is taken over by another, which starts the run under the
 * same id unless it was started already. Nothing here runs inside a Quartz transaction.
 */
public final class Dependencies {
  static final int BATCH = 100;

  /** Fault point for the cluster test: the node claims, then waits here until it is killed. */
  static final String HOLD_AFTER_CLAIM = "carillon.faults.holdAfterDependencyClaim";

  private static final Logger LOG = LoggerFactory.getLogger(Dependencies.class);

  private final JobService jobs;
  private final JobRuns runs;
  private final DependencyRunDao dao;
  private final RunRequestDao requests;
  private final String nodeId;
  private final Supplier<Set<String>> liveNodes;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration lookBack;
  private final Duration claimTimeout;
  private Instant lastForget = Instant.EPOCH;

  public Dependencies(
      JobService jobs,
      JobRuns runs,
      DependencyRunDao dao,
      RunRequestDao requests,
      String nodeId,
      Supplier<Set<String>> liveNodes,
      ObjectMapper json,
      Clock clock,
      DependenciesFactory config) {
    this.jobs = jobs;
    this.runs = runs;
    this.dao = dao;
    this.requests = requests;
    this.nodeId = nodeId;
    this.liveNodes = liveNodes;
    this.json = json;
    this.clock = clock;
    this.lookBack = config.lookBackPeriod();
    this.claimTimeout = config.claimTimeoutPeriod();
  }

  /** One look: left claims taken over, then the ended upstream runs decided. */
  public synchronized void drive() {
    takeOverLeftClaims();
    for (Candidate candidate : dao.undecided(clock.instant().minus(lookBack), BATCH)) {
      try {
        decide(candidate);
      } catch (RuntimeException e) {
        LOG.warn(
            "Could not dispatch {}/{} after run {}: {}",
            candidate.group(),
            candidate.name(),
            candidate.upstreamExecution(),
            e.getMessage());
      }
    }
    Instant now = clock.instant();
    if (Duration.between(lastForget, now).compareTo(Duration.ofMinutes(10)) > 0) {
      lastForget = now;
      dao.forgetBefore(now.minus(lookBack).minus(Duration.ofHours(1)));
    }
  }

  /** The upstream run whose end started this run, if a dependency started it. */
  public Optional<String> upstreamOf(String executionId) {
    return dao.startedAs(executionId).map(DependencyRun::upstreamExecution);
  }

  /** What the end of a run did for one job waiting on it: outcome, the run started, or why not. */
  public record Decision(String job, String outcome, String executionId, String detail) {}

  /** What this run's end did for each job waiting on it. */
  public java.util.List<Decision> decisionsAbout(String executionId) {
    return dao.decisionsAbout(executionId).stream()
        .map(
            run ->
                new Decision(
                    run.group() + "/" + run.name(), run.outcome(), run.executionId(), run.detail()))
        .toList();
  }

  private void takeOverLeftClaims() {
    Instant now = clock.instant();
    Set<String> live = null;
    for (DependencyRun claim : dao.claims()) {
      // This node's own claims seen here were left by a failed start (one look runs at a time).
      boolean left =
          claim.nodeId().equals(nodeId) || claim.decidedAt().plus(claimTimeout).isBefore(now);
      if (!left) {
        live = live == null ? liveNodes.get() : live;
        left = !live.contains(claim.nodeId());
      }
      if (left && dao.takeOver(claim, nodeId, now)) {
        LOG.info(
            "Taking over the start of {}/{} after run {} (claimed by {})",
            claim.group(),
            claim.name(),
            claim.upstreamExecution(),
            claim.nodeId());
        start(claim, dao.started(claim.executionId()));
      }
    }
  }

  private void decide(Candidate candidate) {
    ExecutionStatus status = ExecutionStatus.valueOf(candidate.status());
    DependencyOn on = DependencyOn.of(candidate.edge().on());
    Optional<JobRow> downstream = jobs.find(candidate.group(), candidate.name());
    if (downstream.isEmpty()) {
      record(candidate, DependencyRunDao.SKIPPED, "the job no longer exists", null);
    } else if (retryFollows(candidate, status)) {
      record(
          candidate,
          DependencyRunDao.NONE,
          "attempt " + candidate.attempt() + " failed and a retry follows; its end decides",
          null);
    } else if (!on.matches(status)) {
      record(
          candidate,
          DependencyRunDao.NONE,
          "the upstream run ended " + status + "; the job runs on " + on.json(),
          null);
    } else if (!downstream.get().job().enabled() || downstream.get().state() == JobState.PAUSED) {
      record(
          candidate, DependencyRunDao.SKIPPED, "the job was paused when the upstream ended", null);
    } else {
      Map<String, Object> overrides = overrides(candidate);
      DependencyRun claim =
          claim(
              candidate,
              UUID.randomUUID().toString(),
              DependencyRunDao.DISPATCHING,
              DependencyOverrides.write(json, overrides),
              null);
      if (dao.decide(claim)) {
        holdIfAsked(claim);
        start(claim, false);
      }
    }
  }

  /** Starts a claimed run (unless {@code started} already) and settles the claim. */
  private void start(DependencyRun claim, boolean started) {
    Instant now = clock.instant();
    if (started) {
      dao.settle(claim, DependencyRunDao.DISPATCHED, null, now);
      return;
    }
    Map<String, Object> overrides = DependencyOverrides.read(json, claim.overridesJson());
    try {
      if (requests.find(claim.executionId()).isEmpty()) {
        // So that a rerun of it repeats the parameters it got from the upstream's result.
        requests.insert(
            new RunRequestDao.RunRequest(
                claim.executionId(),
                claim.group(),
                claim.name(),
                claim.overridesJson(),
                null, // Its whole parameters are worked out when it starts, after this record.
                null,
                "after " + claim.upstreamExecution(),
                now));
      }
      runs.runDependent(claim.group(), claim.name(), claim.executionId(), overrides);
      dao.settle(claim, DependencyRunDao.DISPATCHED, null, clock.instant());
      LOG.info(
          "Started {}/{} as {} after run {} of {}/{}",
          claim.group(),
          claim.name(),
          claim.executionId(),
          claim.upstreamExecution(),
          claim.upstreamGroup(),
          claim.upstreamName());
    } catch (InvalidInputException | ForbiddenException e) {
      dao.settle(claim, DependencyRunDao.REFUSED, describe(e), clock.instant());
      LOG.warn(
          "Did not start {}/{} after run {}: {}",
          claim.group(),
          claim.name(),
          claim.upstreamExecution(),
          describe(e));
    } catch (NotFoundException e) {
      dao.settle(claim, DependencyRunDao.SKIPPED, "the job no longer exists", clock.instant());
    }
  }

  /** A failed attempt of an upstream with retries left is not the end of its run. */
  private boolean retryFollows(Candidate candidate, ExecutionStatus status) {
    if (!status.isFailure()) {
      return false;
    }
    return jobs.find(candidate.edge().upstreamGroup(), candidate.edge().upstreamName())
        .map(row -> jobs.read(row.job()))
        .map(JobRequest::retry)
        .map(retry -> retry.maxAttempts() != null && candidate.attempt() < retry.maxAttempts())
        .orElse(false);
  }

  private Map<String, Object> overrides(Candidate candidate) {
    try {
      return DependencyOverrides.mapped(
          json, candidate.resultJson(), candidate.edge().paramsJson());
    } catch (JsonProcessingException e) {
      LOG.warn("Run {} has no readable result: {}", candidate.upstreamExecution(), e.getMessage());
      return new LinkedHashMap<>();
    }
  }

  private void record(Candidate candidate, String outcome, String detail, String overrides) {
    dao.decide(claim(candidate, null, outcome, overrides, detail));
  }

  private DependencyRun claim(
      Candidate candidate, String executionId, String outcome, String overrides, String detail) {
    return new DependencyRun(
        candidate.upstreamExecution(),
        candidate.group(),
        candidate.name(),
        candidate.edge().upstreamGroup(),
        candidate.edge().upstreamName(),
        executionId,
        outcome,
        overrides,
        detail,
        nodeId,
        clock.instant());
  }

  private static void holdIfAsked(DependencyRun claim) {
    if (Boolean.getBoolean(HOLD_AFTER_CLAIM)) {
      LOG.warn(
          "Fault point: holding the claim of {} until this process is killed", claim.executionId());
      try {
        new java.util.concurrent.CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CarillonException("interrupted at the fault point", e);
      }
    }
  }

  private static String describe(CarillonException e) {
    if (e instanceof InvalidInputException invalid && !invalid.errors().isEmpty()) {
      return invalid.errors().stream()
          .map(error -> error.field() + ": " + error.message())
          .collect(java.util.stream.Collectors.joining("; "));
    }
    if (e instanceof ForbiddenException forbidden && !forbidden.errors().isEmpty()) {
      return forbidden.errors().stream()
          .map(error -> error.field() + ": " + error.message())
          .collect(java.util.stream.Collectors.joining("; "));
    }
    return e.getMessage();
  }
}
