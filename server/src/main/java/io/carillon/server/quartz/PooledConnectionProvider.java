package io.carillon.server.quartz;

import io.carillon.server.db.RequestSessionNames;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Lends Quartz the application's pool. The pool's lifecycle belongs to the application, so Quartz's
 * shutdown leaves it open. With the stock store on PostgreSQL a connection borrowed for an API
 * request carries that request in its session name until Quartz hands it back (see {@link
 * RequestSessionNames}); the set-based store names its sessions itself.
 */
final class PooledConnectionProvider implements ConnectionProvider {
  private final DataSource dataSource;
  private final String sessionName;

  /**
   * {@code sessionName} is the pool's own session name; null leaves sessions as they are (H2, and
   * the set-based store, which names them inside its transactions).
   */
  PooledConnectionProvider(DataSource dataSource, String sessionName) {
    this.dataSource = dataSource;
    this.sessionName = sessionName;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = dataSource.getConnection();
    if (sessionName == null || RequestSessionNames.current() == null) {
      return connection;
    }
    try {
      RequestSessionNames.tag(connection, sessionName);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return untaggedOnClose(connection);
  }

  /** The same connection, whose close first gives the session its plain name back. */
  private Connection untaggedOnClose(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
                try {
                  if (!connection.isClosed()) {
                    RequestSessionNames.untag(connection, sessionName);
                  }
                } catch (SQLException ignored) {
                  // A broken connection leaves the pool anyway; its name no longer matters.
                } finally {
                  connection.close();
                }
                return null;
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
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
