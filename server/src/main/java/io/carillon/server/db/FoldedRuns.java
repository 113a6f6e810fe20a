package io.carillon.server.db;

import io.carillon.server.db.RunRecorder.Finish;
import io.carillon.server.db.RunRecorder.Start;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Run records a job store writes in its own transactions: each run's start with the fire that
 * begins it, its end with the completion of that fire. A fire then costs Carillon no commit of its
 * own, and no job row is locked while the store holds its lock (the counters move on afterwards,
 * see {@link #written}). See {@link GroupCommitRunRecorder#foldIntoStore}.
 *
 * <p>Starts: the store calls {@link #writeStarts} in its firing transaction and {@link
 * #startsWritten} once that committed. Ends: {@link #take}, then {@link #write} in its completion
 * transaction, then, once it committed, {@link #written}; if it failed, {@link #putBack}, and it
 * takes them again on its next attempt.
 */
public interface FoldedRuns {
  /** An end written by {@link #write}, with the incarnation its run was stamped with. */
  record Written(Finish finish, String incarnation) {}

  /**
   * Inserts the RUNNING rows on the store's connection, in its firing transaction; returns the ones
   * it wrote (a start it could not write is recorded when its run begins).
   */
  List<Start> writeStarts(Connection connection, List<Start> starts) throws SQLException;

  /** The firing transaction committed: these runs need no start record of their own. */
  void startsWritten(List<Start> starts);

  /**
   * Removes and returns the ends recorded for these fires. A fire whose start the store wrote and
   * whose end no one recorded (Quartz could not run its job) ends FAILED; any other fire without an
   * end has none.
   */
  List<Finish> take(Collection<String> fireIds);

  /** Writes the final rows on the store's connection, in its transaction, queued for counting. */
  List<Written> write(Connection connection, List<Finish> ends) throws SQLException;

  /** After the commit: the runs are counted on their jobs, asynchronously. */
  void written(List<Written> written);

  /** The transaction did not commit: the ends are queued again for the store's next attempt. */
  void putBack(List<Finish> ends);
}
