package io.carillon.server.quartz;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Lends Quartz the application's pool. The pool's lifecycle belongs to the application, so Quartz's
 * shutdown leaves it open.
 */
final class PooledConnectionProvider implements ConnectionProvider {
  private final DataSource dataSource;

  PooledConnectionProvider(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void shutdown() {
    // The application closes the pool after the scheduler has stopped.
  }

  @Override
  public void initialize() {
    // Nothing to set up: the pool already exists.
  }
}
