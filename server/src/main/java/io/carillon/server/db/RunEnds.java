package io.carillon.server.db;

import io.carillon.server.db.RunRecorder.Finish;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * The ends of runs, handed to a job store that writes them in the transaction completing their
 * fires: one commit for Quartz's completion and Carillon's final row, and no job row locked while
 * the store holds its lock (the counters move on afterwards, see {@link #written}).
 *
 * <p>The store calls {@link #take}, then {@link #write} in its transaction, then, once it
 * committed, {@link #written}; if the transaction failed, {@link #putBack}, and it takes them again
 * on its next attempt.
 */
public interface RunEnds {
  /** An end written by {@link #write}, with the incarnation its run was stamped with. */
  record Written(Finish finish, String incarnation) {}

  /** Removes and returns the ends recorded for these fires (none for a fire without one). */
  List<Finish> take(Collection<String> fireIds);

  /** Writes the final rows on the store's connection, in its transaction, queued for counting. */
  List<Written> write(Connection connection, List<Finish> ends) throws SQLException;

  /** After the commit: the runs are counted on their jobs, asynchronously. */
  void written(List<Written> written);

  /** The transaction did not commit: the ends are queued again for the store's next attempt. */
  void putBack(List<Finish> ends);
}
