package io.carillon.server.db;

import io.carillon.server.db.RunRecorder.Finish;
import io.carillon.server.db.RunRecorder.Start;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Run records a job store writes in its own transactions: each run's start with the fire that
 * begins it, its end with the completion of that fire. A fire then costs Carillon no commit of its
 * own, and no job row is locked while the store holds its lock (the counters move on afterwards,
 * see {@link #written}). See {@link GroupCommitRunRecorder#foldIntoStore}.
 *
 * <p>Starts: the store puts {@link #starting} into its firing statement (or calls {@link
 * #writeStarts} in its firing transaction) and {@link #startsWritten} once that committed. Ends:
 * {@link #take}, then {@link #ending} in its completion statement (or {@link #write} in its
 * completion transaction), then, once it committed, {@link #written}; if it failed, {@link
 * #putBack}, and it takes them again on its next attempt.
 */
public interface FoldedRuns {
  /** An end written by {@link #write}, with the incarnation its run was stamped with. */
  record Written(Finish finish, String incarnation) {}

  /**
   * Part of one of the store's statements: common table expressions that go after the store's own,
   * and a select of what they wrote.
   */
  interface Part {
    /** The common table expressions, without {@code WITH}, to follow others after a comma. */
    String with();

    /** A {@code SELECT} of what {@link #with()} wrote. */
    String select();

    /** Binds the part's parameters from index {@code first}; returns the next index. */
    int bind(Connection connection, PreparedStatement statement, int first) throws SQLException;
  }

  /** The RUNNING rows of some starts, in the store's firing statement. */
  interface Starting extends Part {
    /** The starts written, as stamped, given the fire ids (one text column) its select returned. */
    List<Start> written(Set<String> fireIds);
  }

  /**
   * The statement part that writes {@code starts} (not empty) with the store's fires: only those
   * whose fire id is in {@code firedIds}, an SQL expression over the store's statement such as
   * {@code (SELECT id FROM fired)}.
   */
  Starting starting(List<Start> starts, String firedIds);

  /**
   * Inserts the RUNNING rows on the store's connection, in its firing transaction, as a statement
   * of their own; returns the ones it wrote (a start it could not write is recorded when its run
   * begins).
   */
  default List<Start> writeStarts(Connection connection, List<Start> starts) throws SQLException {
    if (starts.isEmpty()) {
      return List.of();
    }
    // No firing statement around it: every start's fire counts as written.
    Starting starting = starting(starts, "(SELECT unnest(?::text[]))");
    try (PreparedStatement statement = alone(connection, starting)) {
      int next = starting.bind(connection, statement, 1);
      statement.setArray(
          next, connection.createArrayOf("text", starts.stream().map(Start::fireId).toArray()));
      Set<String> inserted = new HashSet<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          inserted.add(rows.getString(1));
        }
      }
      return starting.written(inserted);
    }
  }

  /** The firing transaction committed: these runs need no start record of their own. */
  void startsWritten(List<Start> starts);

  /**
   * Removes and returns the ends recorded for these fires. A fire whose start the store wrote and
   * whose end no one recorded (Quartz could not run its job) ends FAILED; any other fire without an
   * end has none.
   */
  List<Finish> take(Collection<String> fireIds);

  /** The final rows of some ends, queued for counting, closing the store's completion statement. */
  interface Ending extends Part {
    /** The ends written, read from the rows of its select. */
    List<Written> written(ResultSet rows) throws SQLException;
  }

  /** The statement part that writes {@code ends} (not empty) in the store's transaction. */
  Ending ending(List<Finish> ends);

  /** Writes the final rows on the store's connection, in its transaction, queued for counting. */
  default List<Written> write(Connection connection, List<Finish> ends) throws SQLException {
    if (ends.isEmpty()) {
      return List.of();
    }
    Ending ending = ending(ends);
    try (PreparedStatement statement = alone(connection, ending)) {
      ending.bind(connection, statement, 1);
      try (ResultSet rows = statement.executeQuery()) {
        return ending.written(rows);
      }
    }
  }

  /** {@code part} as a statement of its own: its expressions, then its select. */
  private static PreparedStatement alone(Connection connection, Part part) throws SQLException {
    return connection.prepareStatement("WITH " + part.with() + " " + part.select());
  }

  /** After the commit: the runs are counted on their jobs, asynchronously. */
  void written(List<Written> written);

  /** The transaction did not commit: the ends are queued again for the store's next attempt. */
  void putBack(List<Finish> ends);
}
