package io.carillon.server.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.server.common.NodeState;
import io.carillon.server.core.ThisNode;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.db.DatabaseMigrator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A migrated PostgreSQL database and the rows Quartz and the run recorder write for a cluster's
 * nodes and runs, so that services which judge them can be tested against the real store without
 * running a scheduler.
 */
public final class ClusterRows {
  public static final Duration INTERVAL = Duration.ofMillis(7500);

  private final PostgresDatabase db;
  private final String cluster;
  private Database database;

  public ClusterRows(PostgresDatabase db, String cluster) {
    this.db = db;
    this.cluster = cluster;
  }

  /** The pool over the database, migrated on first use. */
  public synchronized Database database() {
    if (database == null) {
      HikariConfig pool = new HikariConfig();
      pool.setJdbcUrl(db.url());
      pool.setUsername(db.user());
      pool.setPassword(db.password());
      pool.setMaximumPoolSize(4);
      database = new Database(DatabaseDialect.POSTGRESQL, new HikariDataSource(pool));
      new DatabaseMigrator(database).migrate();
    }
    return database;
  }

  public void close() {
    if (database != null) {
      database.dataSource().close();
    }
  }

  /** No runs, check-ins, nodes or job details. */
  public void empty() {
    database();
    sql("DELETE FROM carillon_execution");
    sql("DELETE FROM carillon_node");
    sql("DELETE FROM qrtz_scheduler_state");
    sql("DELETE FROM qrtz_job_details");
  }

  /** Quartz's check-in row of {@code node}, last at {@code at}. */
  public void checkIn(String node, Instant at) {
    sql(
        "DELETE FROM qrtz_scheduler_state WHERE sched_name = ? AND instance_name = ?",
        cluster,
        node);
    sql(
        "INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time,"
            + " checkin_interval) VALUES (?, ?, ?, ?)",
        cluster,
        node,
        at.toEpochMilli(),
        INTERVAL.toMillis());
  }

  /** Carillon's row of a node, in {@code state}, as it registered at start-up. */
  public void node(String node, NodeState state, Instant startedAt) {
    sql(
        "INSERT INTO carillon_node (sched_name, node_id, host, started_at, state, updated_at)"
            + " VALUES (?, ?, 'host-' || ?, ?, ?, ?)",
        cluster,
        node,
        node,
        Timestamp.from(startedAt),
        state.name(),
        Timestamp.from(startedAt));
  }

  /** A job whose Quartz detail requests recovery. */
  public void recoverable(String group, String name) {
    sql(
        "INSERT INTO qrtz_job_details (sched_name, job_name, job_group, job_class_name,"
            + " is_durable, is_nonconcurrent, is_update_data, requests_recovery)"
            + " VALUES (?, ?, ?, 'x', TRUE, FALSE, FALSE, TRUE)",
        cluster,
        name,
        group);
  }

  /** A run of the job that {@code node} started at {@code startedAt}; returns its id. */
  public String running(String node, String group, String name, Instant startedAt) {
    String id = UUID.randomUUID().toString();
    sql(
        "INSERT INTO carillon_execution (id, fire_id, job_group, job_name, node_id, started_at,"
            + " status) VALUES (?, ?, ?, ?, ?, ?, 'RUNNING')",
        id,
        "fire-" + id,
        group,
        name,
        node,
        Timestamp.from(startedAt));
    return id;
  }

  public String column(String column, String executionId) {
    return db.strings("SELECT " + column + " FROM carillon_execution WHERE id = ?", executionId)
        .get(0);
  }

  /** This process's node as the services see it: {@code id}, in the state {@code state} gives. */
  public static ThisNode self(String id, Instant startedAt, Supplier<NodeState> state) {
    return new ThisNode() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public NodeState state() {
        return state.get();
      }

      @Override
      public Instant startedAt() {
        return startedAt;
      }

      @Override
      public int threads() {
        return 4;
      }

      @Override
      public int busyThreads() {
        return 1;
      }

      @Override
      public boolean stopping() {
        return false;
      }
    };
  }

  private void sql(String sql, Object... args) {
    try (Connection connection = db.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
