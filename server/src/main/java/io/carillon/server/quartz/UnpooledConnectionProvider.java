package io.carillon.server.quartz;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.quartz.utils.ConnectionProvider;

/**
 * Fresh connections with the pool's URL and credentials but outside it, for a connection held for
 * good (the set-based store's LISTEN connection): borrowed from the pool it would take a slot the
 * workers need. Each caller closes what it gets.
 */
final class UnpooledConnectionProvider implements ConnectionProvider {
  private final HikariDataSource pool;
  private final String applicationName;

  UnpooledConnectionProvider(HikariDataSource pool, String applicationName) {
    this.pool = pool;
    this.applicationName = applicationName;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", pool.getUsername());
    properties.setProperty("password", pool.getPassword() == null ? "" : pool.getPassword());
    properties.setProperty("ApplicationName", applicationName);
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(pool.getJdbcUrl(), properties);
  }

  @Override
  public void shutdown() {
    // Nothing pooled to close.
  }

  @Override
  public void initialize() {
    // Nothing to set up.
  }
}
