package io.carillon.server.core;

import io.carillon.server.common.Caller;
import io.carillon.server.common.ExecutionFilter;
import io.carillon.server.common.ExecutionRow;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.common.SeqCursor;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.db.ExecutionListDao;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Everything the API does with executions: history, output, and cluster-wide interrupts. */
public final class ExecutionService {
  public static final int MAX_PAGE = 500;

  private final ExecutionListDao listing;
  private final ExecutionDao executions;
  private final JobService jobs;
  private final AuditLog audit;
  private final Clock clock;

  public ExecutionService(
      ExecutionListDao listing,
      ExecutionDao executions,
      JobService jobs,
      AuditLog audit,
      Clock clock) {
    this.listing = listing;
    this.executions = executions;
    this.jobs = jobs;
    this.audit = audit;
    this.clock = clock;
  }

  /** A page of executions, newest first, and the cursor of the next one (null on the last). */
  public record ExecutionPage(List<ExecutionRow> items, String nextCursor) {}

  public ExecutionPage list(ExecutionFilter filter, String cursor, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidInputException("limit", "must be between 1 and " + MAX_PAGE);
    }
    List<ExecutionRow> rows = listing.page(filter, SeqCursor.decode(cursor), limit + 1);
    if (rows.size() <= limit) {
      return new ExecutionPage(rows, null);
    }
    List<ExecutionRow> page = List.copyOf(rows.subList(0, limit));
    return new ExecutionPage(page, SeqCursor.encode(page.get(limit - 1).seq()));
  }

  /** A job's history; 404 when there is no such job. */
  public ExecutionPage ofJob(String group, String name, String cursor, int limit) {
    String incarnation = jobs.get(group, name).job().incarnation();
    return list(new ExecutionFilter(null, group, name, null, incarnation), cursor, limit);
  }

  public ExecutionRow get(String id) {
    return listing.find(id).orElseThrow(() -> notFound(id));
  }

  public String output(String id) {
    return listing.output(id).orElseThrow(() -> notFound(id));
  }

  /**
   * Asks every running execution of the job to stop, on whichever node runs it (each node polls for
   * requests aimed at its own runs); returns how many were asked.
   */
  public int interrupt(String group, String name, Caller by) {
    jobs.get(group, name);
    // The requests and the audit entry are one transaction: both or neither.
    return audit.atomically(
        () -> {
          int interrupted = executions.requestInterrupt(group, name, clock.instant());
          audit.record(
              by,
              "job.interrupt",
              JobAudit.target(group, name),
              null,
              Map.of("executions", interrupted));
          return interrupted;
        });
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("execution " + id + " does not exist");
  }
}
