package io.carillon.server.core;

import io.carillon.server.common.JobId;
import io.carillon.server.db.StuckTriggerDao;
import io.carillon.server.quartz.schema.StuckTriggerSql.FiredRow;
import io.carillon.server.quartz.schema.StuckTriggerSql.TriggerRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds triggers that will not fire again by themselves: in ERROR; BLOCKED behind a run that no
 * live node holds; ACQUIRED by a node that is not alive, or by no node at all for longer than a
 * node takes to be declared dead. Quartz's own recovery releases a dead node's triggers when it
 * declares the node failed; what is left after that (a node that vanished without a check-in row,
 * rows edited by hand, a crash between statements) needs an operator.
 */
final class StuckTriggerFinder {
  private final StuckTriggerDao triggers;
  private final Duration acquiredGrace;

  StuckTriggerFinder(StuckTriggerDao triggers, Duration checkinInterval) {
    this.triggers = triggers;
    this.acquiredGrace = checkinInterval.plus(Liveness.GRACE);
  }

  /** The node ids alive now, and now. */
  record LiveNodes(Set<String> ids, Instant now) {}

  /** A stuck trigger as read, as shown, and the dead owners whose fired rows hold it. */
  record Stuck(TriggerRow row, StuckTrigger item, List<String> deadOwners) {}

  List<Stuck> find(LiveNodes live) {
    List<TriggerRow> candidates = triggers.candidates();
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<FiredRow> fired = triggers.fired();
    List<Stuck> stuck = new ArrayList<>();
    for (TriggerRow trigger : candidates) {
      switch (trigger.state()) {
        case "ERROR" ->
            stuck.add(
                stuck(
                    trigger,
                    "ERROR",
                    null,
                    List.of(),
                    "Quartz put the trigger in ERROR (its job could not be loaded or fired);"
                        + " it does not fire until repaired"));
        case "BLOCKED", "PAUSED_BLOCKED" -> blocked(trigger, fired, live, stuck);
        case "ACQUIRED" -> acquired(trigger, fired, live, stuck);
        default -> {}
      }
    }
    return stuck;
  }

  private void blocked(TriggerRow trigger, List<FiredRow> fired, LiveNodes live, List<Stuck> out) {
    List<String> owners =
        fired.stream()
            .filter(
                f ->
                    f.jobGroup().equals(trigger.jobGroup())
                        && f.jobName().equals(trigger.jobName()))
            .filter(f -> "EXECUTING".equals(f.state()))
            .map(FiredRow::nodeId)
            .distinct()
            .toList();
    if (owners.stream().anyMatch(live.ids()::contains)) {
      return;
    }
    String reason =
        owners.isEmpty()
            ? "blocked, but no node runs its job: it waits for a run that will never end"
            : "blocked behind a run of its job on node " + owners.get(0) + ", which is not alive";
    out.add(stuck(trigger, "BLOCKED", owners.isEmpty() ? null : owners.get(0), owners, reason));
  }

  private void acquired(TriggerRow trigger, List<FiredRow> fired, LiveNodes live, List<Stuck> out) {
    List<String> owners =
        fired.stream()
            .filter(
                f ->
                    f.triggerGroup().equals(trigger.group())
                        && f.triggerName().equals(trigger.name()))
            .map(FiredRow::nodeId)
            .distinct()
            .toList();
    if (owners.stream().anyMatch(live.ids()::contains)) {
      return;
    }
    if (!owners.isEmpty()) {
      out.add(
          stuck(
              trigger,
              "ACQUIRED",
              owners.get(0),
              owners,
              "acquired by node " + owners.get(0) + ", which is not alive"));
      return;
    }
    // Quartz writes the fired row and the ACQUIRED state in one transaction: with no row at all
    // the trigger is an orphan, once it is overdue by more than it takes to declare a node dead.
    Instant due = trigger.nextFireAt();
    if (due != null && due.plus(acquiredGrace).isBefore(live.now())) {
      out.add(
          stuck(
              trigger,
              "ACQUIRED",
              null,
              List.of(),
              "acquired by no node (no fired-trigger row) and due since " + due));
    }
  }

  private static Stuck stuck(
      TriggerRow row, String state, String owner, List<String> deadOwners, String reason) {
    return new Stuck(
        row,
        new StuckTrigger(
            row.group(),
            row.name(),
            new JobId(row.jobGroup(), row.jobName()),
            state,
            owner,
            reason),
        deadOwners);
  }

  /** Repairs them; returns the items actually repaired (not changed by someone else meanwhile). */
  List<StuckTrigger> repair(List<Stuck> found) {
    List<StuckTriggerDao.Repair> repairs =
        found.stream().map(s -> new StuckTriggerDao.Repair(s.row(), s.deadOwners())).toList();
    Set<TriggerRow> repaired = Set.copyOf(triggers.repair(repairs));
    return found.stream().filter(s -> repaired.contains(s.row())).map(Stuck::item).toList();
  }
}
