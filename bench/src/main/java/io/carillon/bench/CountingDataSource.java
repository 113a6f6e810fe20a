package io.carillon.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts the statements executed and the commits made through it: the statements
 * per fire of the profile, measured where they are sent rather than estimated.
 */
final class CountingDataSource implements DataSource {
  private final HikariDataSource pool;
  private final LongAdder statements = new LongAdder();
  private final LongAdder commits = new LongAdder();

  CountingDataSource(HikariDataSource pool) {
    this.pool = pool;
  }

  long statements() {
    return statements.sum();
  }

  long commits() {
    return commits.sum();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return counted(pool.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return counted(pool.getConnection(user, password));
  }

  private Connection counted(Connection connection) throws SQLException {
    // An autocommit connection commits after each statement: count those too.
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("commit")) {
            commits.increment();
          }
          Object result = invoke(connection, method, args);
          if (result instanceof Statement statement) {
            return Proxy.newProxyInstance(
                getClass().getClassLoader(),
                interfacesOf(statement),
                (p, m, a) -> {
                  if (m.getName().startsWith("execute")) {
                    statements.increment();
                    if (connection.getAutoCommit()) {
                      commits.increment();
                    }
                  }
                  return invoke(statement, m, a);
                });
          }
          return result;
        };
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private static Class<?>[] interfacesOf(Statement statement) {
    if (statement instanceof java.sql.CallableStatement) {
      return new Class<?>[] {java.sql.CallableStatement.class};
    }
    if (statement instanceof java.sql.PreparedStatement) {
      return new Class<?>[] {java.sql.PreparedStatement.class};
    }
    return new Class<?>[] {Statement.class};
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return pool.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return pool.isWrapperFor(type);
  }
}
