package io.carillon.server.core;

import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobFilter;
import io.carillon.server.common.JobKeyCursor;
import io.carillon.server.common.JobRow;
import io.carillon.server.db.JobListDao;
import java.util.List;

/** A page of jobs and the cursor of the next one (null when this is the last). */
public record JobPage(List<JobRow> items, String nextCursor) {
  /** The most jobs one page may hold. */
  public static final int MAX = 500;

  /** The page of {@code limit} jobs after {@code cursor} (null: the first) that match. */
  static JobPage read(JobListDao listing, JobFilter filter, String cursor, int limit) {
    if (limit < 1 || limit > MAX) {
      throw new InvalidInputException("limit", "must be between 1 and " + MAX);
    }
    // One extra row tells whether another page follows, without a count query.
    List<JobRow> rows = listing.page(filter, JobKeyCursor.decode(cursor), limit + 1);
    if (rows.size() <= limit) {
      return new JobPage(rows, null);
    }
    List<JobRow> page = rows.subList(0, limit);
    JobRow last = page.get(limit - 1);
    return new JobPage(
        List.copyOf(page), new JobKeyCursor(last.job().group(), last.job().name()).encode());
  }
}
