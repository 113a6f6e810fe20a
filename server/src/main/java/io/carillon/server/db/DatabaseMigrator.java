package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.common.StartupException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the Flyway migrations in the migrations module. On PostgreSQL it first takes a cluster
 * lock, so replicas starting together on an empty database migrate one after the other: the first
 * creates the schema, the rest find it up to date.
 */
public final class DatabaseMigrator {
  private final Database database;

  public DatabaseMigrator(Database database) {
    this.database = database;
  }

  /** What a migration run did. */
  public record Report(int migrationsApplied, String schemaVersion) {}

  public Report migrate() {
    try {
      return new ClusterLock(database)
          .holding(
              ClusterLock.MIGRATIONS,
              () -> {
                try {
                  MigrateResult result = flyway().migrate();
                  return new Report(result.migrationsExecuted, currentVersion());
                } finally {
                  // Flyway lifted the pool's statement and lock timeouts on the connections it
                  // used; they are replaced rather than handed back to Carillon that way.
                  database.dataSource().getHikariPoolMXBean().softEvictConnections();
                }
              });
    } catch (FlywayException | CarillonException e) {
      throw new StartupException("database migration failed: " + e.getMessage(), e);
    }
  }

  /** The schema version now in the database, or "empty". */
  public String currentVersion() {
    var current = flyway().info().current();
    return current == null ? "empty" : current.getVersion().getVersion();
  }

  private Flyway flyway() {
    var flyway =
        Flyway.configure(DatabaseMigrator.class.getClassLoader()).dataSource(database.dataSource());
    if (database.dialect() == DatabaseDialect.POSTGRESQL) {
      // A migration on a large table may rightly take longer than any statement of the server.
      flyway = flyway.initSql("SET statement_timeout = 0; SET lock_timeout = 0");
    }
    return flyway.locations(database.dialect().migrationLocations().toArray(String[]::new)).load();
  }
}
