package io.carillon.server.resources;

import io.carillon.server.api.ExecutionView;
import io.carillon.server.common.ExecutionRow;
import io.carillon.server.common.Page;
import io.carillon.server.core.ExecutionService;

/** Maps stored executions to what the API shows. */
final class ExecutionViews {
  private ExecutionViews() {}

  static ExecutionView view(ExecutionRow row) {
    return view(row, null, null, null, null);
  }

  static ExecutionView view(
      ExecutionRow row,
      String rerunOf,
      java.util.List<String> reruns,
      String upstream,
      java.util.List<io.carillon.server.api.DependentRun> downstream) {
    return new ExecutionView(
        row.id(),
        row.jobGroup(),
        row.jobName(),
        row.nodeId(),
        row.status(),
        row.trigger(),
        row.attempt(),
        row.scheduledAt(),
        row.startedAt(),
        row.finishedAt(),
        row.durationMs(),
        row.error(),
        row.resultJson(),
        row.outputTruncated(),
        row.interruptRequestedAt(),
        rerunOf,
        reruns,
        upstream,
        downstream);
  }

  static Page<ExecutionView> page(ExecutionService.ExecutionPage page) {
    return new Page<>(page.items().stream().map(ExecutionViews::view).toList(), page.nextCursor());
  }
}
