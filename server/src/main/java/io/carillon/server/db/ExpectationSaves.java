package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.db.ExpectationDao.Worked;
import io.carillon.server.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Writes what the late-job check worked out for jobs into {@code carillon_job_expect}. */
final class ExpectationSaves {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";
  private static final String KEY = " WHERE sched_name = ? AND job_group = ? AND job_name = ?";

  private final DataSource dataSource;
  private final String cluster;

  ExpectationSaves(DataSource dataSource, String cluster) {
    this.dataSource = dataSource;
    this.cluster = cluster;
  }

  /**
   * Stores what was worked out for a job (its lateness is left as it is); a null {@code
   * seenFinishedAt} keeps the stored one.
   */
  void save(Worked worked) {
    try (Connection connection = dataSource.getConnection()) {
      save(connection, worked);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private void save(Connection connection, Worked worked) throws SQLException {
    Object[] args = args(worked);
    if (Transactions.update(connection, UPDATE, args) == 0) {
      insert(connection, args);
    }
  }

  /**
   * {@link #save} for many: the rows that exist ({@code known}) updated, the others inserted, each
   * kind in one batch and one transaction. A batch that fails (a job deleted meanwhile, a row
   * another node inserted) is rolled back and saved row by row, as {@link #save} does.
   */
  void saveAll(List<Worked> known, List<Worked> fresh) {
    try (Connection connection = dataSource.getConnection()) {
      List<Worked> missing = new ArrayList<>();
      int[] updated = batch(connection, UPDATE, known);
      for (int i = 0; i < known.size(); i++) {
        if (updated == null || updated[i] == 0) {
          missing.add(known.get(i));
        }
      }
      if (batch(connection, INSERT, fresh) == null) {
        missing.addAll(fresh);
      }
      for (Worked worked : missing) {
        save(connection, worked);
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Runs {@code sql} for each row in one transaction; null if it failed and was rolled back. */
  private int[] batch(Connection connection, String sql, List<Worked> rows) throws SQLException {
    if (rows.isEmpty()) {
      return new int[0];
    }
    connection.setAutoCommit(false);
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Worked worked : rows) {
        Transactions.bind(statement, args(worked)).addBatch();
      }
      int[] counts = statement.executeBatch();
      connection.commit();
      return counts;
    } catch (SQLException e) {
      connection.rollback();
      return null;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static final String UPDATE =
      "UPDATE carillon_job_expect SET job_version = ?, incarnation = ?,"
          + " seen_finished_at = COALESCE(?, seen_finished_at),"
          + " last_started_at = ?, last_success_at = ?, expected_at = ?, start_deadline = ?,"
          + " success_deadline = ?"
          + KEY;

  private static final String INSERT =
      "INSERT INTO carillon_job_expect (job_version, incarnation, seen_finished_at,"
          + " last_started_at, last_success_at, expected_at, start_deadline, success_deadline,"
          + " sched_name, job_group, job_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static void insert(Connection connection, Object[] args) throws SQLException {
    try {
      Transactions.update(connection, INSERT, args);
    } catch (SQLException e) {
      // Another node inserted it meanwhile, or the job is gone: either way nothing to do.
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())
          && !FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private Object[] args(Worked worked) {
    return new Object[] {
      worked.version(),
      worked.incarnation(),
      Transactions.utc(worked.seenFinishedAt()),
      Transactions.utc(worked.lastStartedAt()),
      Transactions.utc(worked.lastSuccessAt()),
      Transactions.utc(worked.expectedAt()),
      Transactions.utc(worked.startDeadline()),
      Transactions.utc(worked.successDeadline()),
      cluster,
      worked.job().group(),
      worked.job().name()
    };
  }

  private static CarillonException failure(SQLException e) {
    return new CarillonException("late-job check: " + e.getMessage(), e);
  }
}
