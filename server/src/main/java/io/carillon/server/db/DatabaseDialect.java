package io.carillon.server.db;

import io.carillon.server.common.StartupException;
import java.util.List;
import java.util.Locale;

/** The databases Carillon runs on, recognised from the JDBC URL. */
public enum DatabaseDialect {
  POSTGRESQL("jdbc:postgresql:", "postgresql"),
  /**
   * Embedded, single-node default. Always opened in PostgreSQL mode so Quartz's PostgreSQL DDL and
   * delegate work.
   */
  H2("jdbc:h2:", "h2");

  /**
   * Settings H2 needs for the shared Quartz schema; appended to an H2 URL unless already given.
   * DB_CLOSE_ON_EXIT=FALSE: H2 would otherwise close the database in its own JVM shutdown hook, at
   * SIGTERM, under the scheduler that is still finishing its runs; the pool closes it, last.
   */
  static final List<String> H2_SETTINGS =
      List.of(
          "MODE=PostgreSQL",
          "DATABASE_TO_LOWER=TRUE",
          "DEFAULT_NULL_ORDERING=HIGH",
          "DB_CLOSE_ON_EXIT=FALSE");

  private final String urlPrefix;
  private final String migrationFolder;

  DatabaseDialect(String urlPrefix, String migrationFolder) {
    this.urlPrefix = urlPrefix;
    this.migrationFolder = migrationFolder;
  }

  /** Picks the dialect for a JDBC URL, or fails with a message naming the accepted forms. */
  public static DatabaseDialect of(String url) {
    String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
    for (DatabaseDialect dialect : values()) {
      if (lower.startsWith(dialect.urlPrefix)) {
        return dialect;
      }
    }
    throw new StartupException(
        "database.url: unsupported database URL '"
            + RedactedUrl.of(url)
            + "'; expected jdbc:postgresql://host:port/db or jdbc:h2:file:path");
  }

  /** The URL the pool should open: H2 URLs get the compatibility settings Carillon depends on. */
  public String connectionUrl(String url) {
    if (this != H2) {
      return url;
    }
    StringBuilder result = new StringBuilder(url);
    String upper = url.toUpperCase(Locale.ROOT);
    for (String setting : H2_SETTINGS) {
      String key = setting.substring(0, setting.indexOf('=') + 1);
      if (!upper.contains(";" + key)) {
        result.append(';').append(setting);
      }
    }
    return result.toString();
  }

  /** Flyway locations: Quartz's schema is shared, Carillon's tables have a variant per vendor. */
  public List<String> migrationLocations() {
    return List.of("classpath:db/migration/common", "classpath:db/migration/" + migrationFolder);
  }

  /**
   * Quartz's delegate class. H2 runs in PostgreSQL mode with the same schema (BYTEA columns), so
   * the PostgreSQL delegate is the one that reads and writes them correctly on both.
   */
  public String quartzDelegateClass() {
    return "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate";
  }

  /** Whether several nodes can share this database; an H2 file belongs to one process. */
  public boolean supportsClustering() {
    return this == POSTGRESQL;
  }
}
