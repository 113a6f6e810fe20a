package io.carillon.server.resources;

import io.carillon.server.api.ClusterView;
import io.carillon.server.api.SchedulerView;
import io.carillon.server.api.StuckTriggerRepair;
import io.carillon.server.api.StuckTriggers;
import io.carillon.server.core.ClusterState;
import io.carillon.server.core.StuckTrigger;
import java.util.List;

/** Maps the cluster's state, this node's scheduler and stuck triggers to their API views. */
final class ClusterViews {
  private ClusterViews() {}

  static ClusterView cluster(ClusterState state) {
    return new ClusterView(
        state.clusterName(),
        state.checkinInterval().toMillis(),
        state.nodes().stream().map(ClusterViews::node).toList(),
        state.canary() == null
            ? null
            : new ClusterView.Canary(state.canary().lastFiredAt(), state.canary().age().toMillis()),
        state.lateJobs(),
        state.late().stream()
            .map(job -> new ClusterView.LateJob(job.group(), job.name(), job.since(), job.reason()))
            .toList(),
        state.paused() == null ? null : JobViews.pause(state.paused()));
  }

  static SchedulerView scheduler(ClusterState.Scheduler scheduler) {
    return new SchedulerView(
        scheduler.id(),
        scheduler.clusterName(),
        scheduler.clustered(),
        scheduler.state().json(),
        scheduler.startedAt(),
        new SchedulerView.ThreadPool(scheduler.threads(), scheduler.busyThreads()));
  }

  static StuckTriggers stuck(List<StuckTrigger> triggers) {
    return new StuckTriggers(triggers.stream().map(ClusterViews::item).toList());
  }

  static StuckTriggerRepair repair(List<StuckTrigger> repaired) {
    return new StuckTriggerRepair(
        repaired.size(), repaired.stream().map(ClusterViews::item).toList());
  }

  private static ClusterView.Node node(ClusterState.Node node) {
    return new ClusterView.Node(
        node.id(),
        node.host(),
        node.state().json(),
        node.startedAt(),
        node.lastCheckinAt(),
        node.checkinAge() == null ? null : node.checkinAge().toMillis(),
        node.alive(),
        node.self(),
        node.running().stream()
            .map(
                run ->
                    new ClusterView.Run(
                        run.executionId(), run.group(), run.name(), run.startedAt(), run.attempt()))
            .toList());
  }

  private static StuckTriggers.Item item(StuckTrigger trigger) {
    return new StuckTriggers.Item(
        trigger.group(),
        trigger.name(),
        new StuckTriggers.JobRef(trigger.job().group(), trigger.job().name()),
        trigger.state(),
        trigger.owner(),
        trigger.reason());
  }
}
