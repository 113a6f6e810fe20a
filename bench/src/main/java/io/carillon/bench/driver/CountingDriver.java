package io.carillon.bench.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * A JDBC driver in front of PostgreSQL's that counts the SQL statements and the commits each node
 * process sends, whichever system it is: it is put first on a node's class path (its own jar, see
 * DriverJar) and registered first, so every {@code jdbc:postgresql:} connection of the process (the
 * scheduler's pool, the job's own pool) goes through it, without a line of the system changed.
 *
 * <p>Counted: each {@code execute*} call is one statement, except {@code executeBatch}, which is as
 * many statements as were added to the batch; a commit is an explicit {@code commit()} or a
 * statement (each statement of a batch) executed in autocommit mode. Rollbacks, pings of the pool
 * ({@code isValid}) and the driver's own internal queries are not counted. The counts are written
 * as "statements commits" to the file named by the system property {@value #COUNTS_PROPERTY} every
 * 200 ms; without it the driver declines every URL and PostgreSQL's driver serves them directly.
 */
public final class CountingDriver implements Driver {
  static final String COUNTS_PROPERTY = "bench.counts";

  private static final LongAdder STATEMENTS = new LongAdder();
  private static final LongAdder COMMITS = new LongAdder();
  private static final String COUNTS = System.getProperty(COUNTS_PROPERTY);

  private final Driver postgres = new org.postgresql.Driver();

  static {
    if (COUNTS != null) {
      try {
        register();
      } catch (SQLException e) {
        throw new ExceptionInInitializerError(e);
      }
      ScheduledExecutorService writer =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "bench-counting-driver");
                thread.setDaemon(true);
                return thread;
              });
      writer.scheduleAtFixedRate(CountingDriver::write, 0, 200, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Registers this driver ahead of any other: PostgreSQL's may have registered itself already (when
   * something loaded its class first), and DriverManager asks drivers in registration order.
   */
  private static void register() throws SQLException {
    List<Driver> others = new ArrayList<>(Collections.list(DriverManager.getDrivers()));
    for (Driver other : others) {
      DriverManager.deregisterDriver(other);
    }
    DriverManager.registerDriver(new CountingDriver());
    for (Driver other : others) {
      if (!(other instanceof CountingDriver)) {
        DriverManager.registerDriver(other);
      }
    }
  }

  private static void write() {
    try {
      Path file = Path.of(COUNTS);
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, STATEMENTS.sum() + " " + COMMITS.sum());
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return COUNTS != null && url != null && url.startsWith("jdbc:postgresql:");
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Connection connection = postgres.connect(url, info);
    return connection == null ? null : counted(connection);
  }

  private static Connection counted(Connection connection) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("commit")) {
            COMMITS.increment();
          }
          Object result = invoke(connection, method, args);
          if (result instanceof Statement statement) {
            return statement(connection, statement);
          }
          return result;
        };
    return (Connection)
        Proxy.newProxyInstance(
            CountingDriver.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private static Statement statement(Connection connection, Statement statement) {
    int[] batched = {0};
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("addBatch")) {
            batched[0]++;
          } else if (name.equals("clearBatch")) {
            batched[0] = 0;
          } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
            count(connection, batched[0]);
            batched[0] = 0;
          } else if (name.startsWith("execute")) {
            count(connection, 1);
          }
          return invoke(statement, method, args);
        };
    Class<?> type =
        statement instanceof CallableStatement
            ? CallableStatement.class
            : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return (Statement)
        Proxy.newProxyInstance(
            CountingDriver.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static void count(Connection connection, int statements) throws SQLException {
    STATEMENTS.add(statements);
    if (connection.getAutoCommit()) {
      COMMITS.add(statements);
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    return postgres.getPropertyInfo(url, info);
  }

  @Override
  public int getMajorVersion() {
    return postgres.getMajorVersion();
  }

  @Override
  public int getMinorVersion() {
    return postgres.getMinorVersion();
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
