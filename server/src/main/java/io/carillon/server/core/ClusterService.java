package io.carillon.server.core;

import io.carillon.server.common.Caller;
import io.carillon.server.common.NodeState;
import io.carillon.server.common.Pause;
import io.carillon.server.db.ExpectationListDao;
import io.carillon.server.db.NodeDao;
import io.carillon.server.db.NodeDao.NodeRow;
import io.carillon.server.db.PauseDao;
import io.carillon.server.db.RunningExecutionDao;
import io.carillon.server.db.RunningExecutionDao.RunningExecution;
import io.carillon.server.db.StuckTriggerDao;
import io.carillon.server.quartz.schema.CanaryDao;
import io.carillon.server.quartz.schema.SchedulerStateDao;
import io.carillon.server.quartz.schema.SchedulerStateDao.Checkin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The cluster as the API shows it: nodes, this node's scheduler, and stuck triggers. */
public final class ClusterService {
  private final NodeDao nodes;
  private final SchedulerStateDao checkins;
  private final RunningExecutionDao running;
  private final StuckTriggerFinder stuck;
  private final AuditLog audit;
  private final ThisNode self;
  private final String cluster;
  private final boolean clustered;
  private final Duration checkinInterval;
  private final Clock wallClock;
  private final CanaryDao canary;
  private final ExpectationListDao expectations;
  private final PauseDao pauses;

  /** {@code wallClock}: Quartz stamps check-ins with the wall clock, so they are judged by it. */
  public ClusterService(
      NodeDao nodes,
      SchedulerStateDao checkins,
      RunningExecutionDao running,
      StuckTriggerDao triggers,
      AuditLog audit,
      ThisNode self,
      String cluster,
      boolean clustered,
      Duration checkinInterval,
      Clock wallClock,
      CanaryDao canary,
      ExpectationListDao expectations,
      PauseDao pauses) {
    this.nodes = nodes;
    this.checkins = checkins;
    this.running = running;
    this.stuck = new StuckTriggerFinder(triggers, checkinInterval);
    this.audit = audit;
    this.self = self;
    this.cluster = cluster;
    this.clustered = clustered;
    this.checkinInterval = checkinInterval;
    this.wallClock = wallClock;
    this.canary = canary;
    this.expectations = expectations;
    this.pauses = pauses;
  }

  public ClusterState cluster() {
    Map<String, Checkin> byId = checkinsById();
    Liveness liveness = liveness(byId);
    Map<String, NodeRow> rows =
        nodes.all().stream().collect(Collectors.toMap(NodeRow::nodeId, Function.identity()));
    Map<String, List<ClusterState.Run>> runs = new HashMap<>();
    for (RunningExecution run : running.all()) {
      runs.computeIfAbsent(run.nodeId(), id -> new ArrayList<>())
          .add(
              new ClusterState.Run(
                  run.id(), run.group(), run.name(), run.startedAt(), run.attempt()));
    }
    TreeSet<String> ids = new TreeSet<>(rows.keySet());
    ids.addAll(byId.keySet());
    List<ClusterState.Node> views = new ArrayList<>();
    for (String id : ids) {
      views.add(node(id, rows.get(id), byId.get(id), liveness, runs.getOrDefault(id, List.of())));
    }
    ClusterState.Canary proof =
        canary
            .find()
            .map(c -> new ClusterState.Canary(c.lastFire(), c.age(liveness.now())))
            .orElse(null);
    List<ClusterState.LateJob> late =
        expectations.late(ClusterState.MAX_LATE_LISTED).stream()
            .map(
                job ->
                    new ClusterState.LateJob(
                        job.job().group(), job.job().name(), job.since(), job.reason()))
            .toList();
    long lateCount =
        late.size() < ClusterState.MAX_LATE_LISTED ? late.size() : expectations.countLate();
    Pause paused = pauses.find(Pause.CLUSTER, "", "").orElse(null);
    return new ClusterState(cluster, checkinInterval, views, proof, lateCount, late, paused);
  }

  private ClusterState.Node node(
      String id, NodeRow row, Checkin checkin, Liveness liveness, List<ClusterState.Run> runs) {
    boolean isSelf = id.equals(self.id());
    // Unclustered (embedded H2) Quartz keeps no check-ins: this process is the whole cluster.
    boolean alive =
        clustered
            ? checkin != null && liveness.isAlive(checkin.lastCheckin(), checkin.interval())
            : isSelf;
    NodeState stored =
        isSelf ? self.state() : row == null ? NodeState.RUNNING : NodeState.of(row.state());
    NodeState state = alive || stored.leftOnPurpose() ? stored : NodeState.DEAD;
    Instant last =
        checkin != null ? checkin.lastCheckin() : row == null ? null : row.lastCheckinAt();
    Duration age = last == null ? null : Duration.between(last, liveness.now());
    return new ClusterState.Node(
        id,
        row == null ? null : row.host(),
        state,
        row == null ? null : row.startedAt(),
        last,
        age,
        alive,
        isSelf,
        List.copyOf(runs));
  }

  public ClusterState.Scheduler scheduler() {
    return new ClusterState.Scheduler(
        self.id(),
        cluster,
        clustered,
        self.state(),
        self.startedAt(),
        self.threads(),
        self.busyThreads());
  }

  public List<StuckTrigger> stuckTriggers() {
    return stuck.find(liveNodes()).stream().map(StuckTriggerFinder.Stuck::item).toList();
  }

  /** How many triggers are stuck now, for the gauge. */
  public int stuckTriggerCount() {
    return stuck.find(liveNodes()).size();
  }

  /** Puts every stuck trigger back in service; audited as the caller's action. */
  public List<StuckTrigger> repairStuckTriggers(Caller caller) {
    List<StuckTriggerFinder.Stuck> found = stuck.find(liveNodes());
    // The repair and its entry are one transaction, under the trigger lock the repair takes.
    return audit.atomically(
        () -> {
          List<StuckTrigger> repaired = stuck.repair(found);
          // The entry keeps the shape the API shows: {items} before, {repaired, items} after.
          Map<String, Object> after = new LinkedHashMap<>();
          after.put("repaired", repaired.size());
          after.put("items", repaired);
          audit.record(
              caller,
              "cluster.stuck-triggers.repair",
              "stuck-triggers",
              Map.of("items", found.stream().map(StuckTriggerFinder.Stuck::item).toList()),
              after);
          return repaired;
        });
  }

  /** Nodes alive by Quartz's rule; unclustered, just this one. */
  private StuckTriggerFinder.LiveNodes liveNodes() {
    if (!clustered) {
      return new StuckTriggerFinder.LiveNodes(Set.of(self.id()), wallClock.instant());
    }
    Map<String, Checkin> byId = checkinsById();
    Liveness liveness = liveness(byId);
    return new StuckTriggerFinder.LiveNodes(
        byId.values().stream()
            .filter(c -> liveness.isAlive(c.lastCheckin(), c.interval()))
            .map(Checkin::nodeId)
            .collect(Collectors.toSet()),
        liveness.now());
  }

  private Map<String, Checkin> checkinsById() {
    if (!clustered) {
      return Map.of();
    }
    return checkins.all().stream().collect(Collectors.toMap(Checkin::nodeId, Function.identity()));
  }

  private Liveness liveness(Map<String, Checkin> byId) {
    Checkin own = byId.get(self.id());
    return new Liveness(wallClock.instant(), own == null ? null : own.lastCheckin());
  }
}
