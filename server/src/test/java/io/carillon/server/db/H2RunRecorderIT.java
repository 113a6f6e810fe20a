package io.carillon.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The run recorder's contract on the embedded H2 database, written with JDBC batches. */
class H2RunRecorderIT extends RunRecorderContract {
  @TempDir static Path dir;

  @Override
  Database database() {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(DatabaseDialect.H2.connectionUrl("jdbc:h2:file:" + dir.resolve("carillon")));
    pool.setMaximumPoolSize(12);
    Database database = new Database(DatabaseDialect.H2, new HikariDataSource(pool));
    new DatabaseMigrator(database).migrate();
    return database;
  }
}
