package io.carillon.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.server.testing.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run recorder's contract on PostgreSQL, where each batch is one statement. */
class PostgresRunRecorderIT extends RunRecorderContract {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(PostgresRunRecorderIT.class);

  @Override
  Database database() {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(DB.url());
    pool.setUsername(DB.user());
    pool.setPassword(DB.password());
    pool.setMaximumPoolSize(12);
    Database database = new Database(DatabaseDialect.POSTGRESQL, new HikariDataSource(pool));
    new DatabaseMigrator(database).migrate();
    return database;
  }
}
