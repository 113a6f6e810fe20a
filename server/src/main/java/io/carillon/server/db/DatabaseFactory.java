package io.carillon.server.db;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.server.common.StartupException;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code database:} block of the configuration; builds the shared HikariCP pool. */
public class DatabaseFactory {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseFactory.class);

  static final String DEFAULT_URL = "jdbc:h2:file:./data/carillon";
  static final int DEFAULT_MAX_POOL_SIZE = 20;

  @NotBlank private String url = DEFAULT_URL;
  private String user = "";
  private String password = "";

  @Min(4)
  @Max(500)
  private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;

  @MinDuration(value = 250, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
  private Duration connectionTimeout = Duration.seconds(3);

  /**
   * How long a statement waits for a lock before it fails (PostgreSQL {@code lock_timeout}). It
   * bounds every wait on Quartz's cluster lock and on a job's row, so that no wedged request can
   * stall the cluster for good. 0 turns it off.
   */
  @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS, inclusive = true)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration lockTimeout = Duration.seconds(10);

  /** How long one statement may run (PostgreSQL {@code statement_timeout}); 0 turns it off. */
  @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS, inclusive = true)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration statementTimeout = Duration.seconds(60);

  /**
   * How long a transaction may sit idle between statements before PostgreSQL ends its session
   * ({@code idle_in_transaction_session_timeout}), releasing whatever it holds. 0 turns it off.
   */
  @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS, inclusive = true)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration idleInTransactionTimeout = Duration.seconds(60);

  private boolean migrateOnStart = true;

  /**
   * How often a node checks whether the firing path's tables need fresh planner statistics (and,
   * with autovacuum off, a vacuum): see {@link TableMaintenance}. PostgreSQL only; 0 turns it off.
   */
  @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS, inclusive = true)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration maintenanceInterval = Duration.seconds(5);

  @JsonProperty
  public String getUrl() {
    return url;
  }

  @JsonProperty
  public void setUrl(String url) {
    this.url = url;
  }

  @JsonProperty
  public String getUser() {
    return user;
  }

  @JsonProperty
  public void setUser(String user) {
    this.user = user == null ? "" : user;
  }

  /** Write-only: the password comes from the environment and is never serialised back. */
  @JsonProperty
  public void setPassword(String password) {
    this.password = password == null ? "" : password;
  }

  @JsonProperty
  public int getMaxPoolSize() {
    return maxPoolSize;
  }

  @JsonProperty
  public void setMaxPoolSize(int maxPoolSize) {
    this.maxPoolSize = maxPoolSize;
  }

  @JsonProperty
  public Duration getConnectionTimeout() {
    return connectionTimeout;
  }

  @JsonProperty
  public void setConnectionTimeout(Duration connectionTimeout) {
    this.connectionTimeout = connectionTimeout;
  }

  @JsonProperty
  public Duration getLockTimeout() {
    return lockTimeout;
  }

  @JsonProperty
  public void setLockTimeout(Duration lockTimeout) {
    this.lockTimeout = lockTimeout;
  }

  @JsonProperty
  public Duration getStatementTimeout() {
    return statementTimeout;
  }

  @JsonProperty
  public void setStatementTimeout(Duration statementTimeout) {
    this.statementTimeout = statementTimeout;
  }

  @JsonProperty
  public Duration getIdleInTransactionTimeout() {
    return idleInTransactionTimeout;
  }

  @JsonProperty
  public void setIdleInTransactionTimeout(Duration idleInTransactionTimeout) {
    this.idleInTransactionTimeout = idleInTransactionTimeout;
  }

  @JsonProperty
  public boolean isMigrateOnStart() {
    return migrateOnStart;
  }

  @JsonProperty
  public void setMigrateOnStart(boolean migrateOnStart) {
    this.migrateOnStart = migrateOnStart;
  }

  @JsonProperty
  public Duration getMaintenanceInterval() {
    return maintenanceInterval;
  }

  @JsonProperty
  public void setMaintenanceInterval(Duration maintenanceInterval) {
    this.maintenanceInterval = maintenanceInterval;
  }

  /** The table maintenance this configuration asks for, if any (PostgreSQL only). */
  public Optional<TableMaintenance> maintenance(Database database) {
    if (database.dialect() != DatabaseDialect.POSTGRESQL
        || maintenanceInterval.toMilliseconds() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new TableMaintenance(
            database.dataSource(),
            java.time.Duration.ofMillis(maintenanceInterval.toMilliseconds())));
  }

  public DatabaseDialect dialect() {
    return DatabaseDialect.of(url);
  }

  /**
   * Opens one connection directly, then the pool. The direct attempt turns an unreachable or wrong
   * database into one clear {@link StartupException} instead of the pool's logged stack trace.
   * {@code applicationName} names the pool's sessions in PostgreSQL's {@code pg_stat_activity}, so
   * that whoever holds a lock can be told by node.
   */
  public Database build(MetricRegistry metrics, String poolName, String applicationName) {
    DatabaseDialect dialect = dialect();
    String connectionUrl = dialect.connectionUrl(url);
    verifyConnection(dialect, connectionUrl);
    announce(dialect);

    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(connectionUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxPoolSize);
    config.setMinimumIdle(Math.min(4, maxPoolSize));
    config.setConnectionTimeout(connectionTimeout.toMilliseconds());
    config.setMetricRegistry(metrics);
    if (dialect == DatabaseDialect.POSTGRESQL) {
      config.addDataSourceProperty("ApplicationName", applicationName);
      config.addDataSourceProperty("options", sessionOptions());
    }
    return new Database(dialect, new HikariDataSource(config));
  }

  /** The session settings every pooled PostgreSQL connection starts with. */
  String sessionOptions() {
    return "-c lock_timeout="
        + lockTimeout.toMilliseconds()
        + " -c statement_timeout="
        + statementTimeout.toMilliseconds()
        + " -c idle_in_transaction_session_timeout="
        + idleInTransactionTimeout.toMilliseconds();
  }

  private void verifyConnection(DatabaseDialect dialect, String connectionUrl) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    if (dialect == DatabaseDialect.POSTGRESQL) {
      long seconds = Math.max(1, connectionTimeout.toSeconds());
      properties.setProperty("connectTimeout", Long.toString(seconds));
      properties.setProperty("loginTimeout", Long.toString(seconds));
    }
    try (Connection connection = DriverManager.getConnection(connectionUrl, properties)) {
      if (!connection.isValid((int) Math.max(1, connectionTimeout.toSeconds()))) {
        throw new SQLException("the database accepted a connection but does not answer");
      }
    } catch (SQLException e) {
      throw new StartupException(
          "cannot connect to database " + RedactedUrl.of(url) + ": " + firstLine(e.getMessage()),
          e);
    }
  }

  private void announce(DatabaseDialect dialect) {
    if (dialect == DatabaseDialect.H2) {
      LOG.warn(
          "Using the EMBEDDED H2 database {} (single node, no clustering). "
              + "Set DATABASE_URL to a PostgreSQL database to run a cluster.",
          RedactedUrl.of(url));
    } else {
      LOG.info("Using PostgreSQL database {}", RedactedUrl.of(url));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no reason given";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
