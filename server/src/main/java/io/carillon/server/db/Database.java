package io.carillon.server.db;

import com.zaxxer.hikari.HikariDataSource;
import io.dropwizard.lifecycle.Managed;

/**
 * The application's one connection pool, shared by Carillon's DAOs and by Quartz, and its dialect.
 */
public record Database(DatabaseDialect dialect, HikariDataSource dataSource) implements Managed {
  @Override
  public void stop() {
    dataSource.close();
  }
}
