package io.carillon.server.db;

import io.carillon.server.core.StartupException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the Flyway migrations in the migrations module. On PostgreSQL it first takes a
 * session-level advisory lock, so replicas starting together on an empty database migrate one after
 * the other: the first creates the schema, the rest find it up to date.
 */
public final class DatabaseMigrator {
  /** Arbitrary but fixed: the advisory-lock key all Carillon nodes agree on for migrations. */
  static final long MIGRATION_LOCK_KEY = 0x4361_7269_6c6c_6f6eL;

  private final Database database;

  public DatabaseMigrator(Database database) {
    this.database = database;
  }

  /** What a migration run did. */
  public record Report(int migrationsApplied, String schemaVersion) {}

  public Report migrate() {
    try (Connection lock = database.dataSource().getConnection()) {
      boolean locking = database.dialect() == DatabaseDialect.POSTGRESQL;
      if (locking) {
        advisoryLock(lock, "SELECT pg_advisory_lock(?)");
      }
      try {
        MigrateResult result = flyway().migrate();
        String version =
            result.targetSchemaVersion != null
                ? result.targetSchemaVersion
                : flyway().info().current().getVersion().getVersion();
        return new Report(result.migrationsExecuted, version);
      } finally {
        if (locking) {
          advisoryLock(lock, "SELECT pg_advisory_unlock(?)");
        }
      }
    } catch (SQLException | FlywayException e) {
      throw new StartupException("database migration failed: " + e.getMessage(), e);
    }
  }

  /** The schema version now in the database, or "empty". */
  public String currentVersion() {
    var current = flyway().info().current();
    return current == null ? "empty" : current.getVersion().getVersion();
  }

  private Flyway flyway() {
    return Flyway.configure(DatabaseMigrator.class.getClassLoader())
        .dataSource(database.dataSource())
        .locations(database.dialect().migrationLocations().toArray(String[]::new))
        .load();
  }

  private static void advisoryLock(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, MIGRATION_LOCK_KEY);
      statement.execute();
    }
  }
}
