package io.carillon.server.testing;

import io.carillon.jobs.JobType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The {@link TallyJobType} packaged as a plugin jar at test time, the table its runs write to, and
 * the parameters a tally job needs. The server loads the jar from its plugin directory exactly as
 * it loads a user's job type.
 */
public final class TallyPlugin {
  private TallyPlugin() {}

  /** Writes {@code tally.jar} into {@code pluginDirectory} (created if needed) and returns it. */
  public static Path install(Path pluginDirectory) {
    String classFile = TallyJobType.class.getName().replace('.', '/') + ".class";
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try {
      Files.createDirectories(pluginDirectory);
      Path jar = pluginDirectory.resolve("tally.jar");
      try (OutputStream file = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(file, manifest);
          InputStream bytes = TallyJobType.class.getClassLoader().getResourceAsStream(classFile)) {
        if (bytes == null) {
          throw new IllegalStateException(classFile + " is not on the test class path");
        }
        out.putNextEntry(new JarEntry(classFile));
        bytes.transferTo(out);
        out.closeEntry();
        out.putNextEntry(new JarEntry("META-INF/services/" + JobType.class.getName()));
        out.write((TallyJobType.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates the table the runs write, {@code tally.runs}, in a schema of its own: Flyway refuses to
   * migrate a {@code public} schema that holds tables it does not know. No constraint: a doubled
   * run must show as a second row, not fail.
   */
  public static void createTable(PostgresDatabase db) {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA tally");
      statement.execute(
          "CREATE TABLE tally.runs (counter text NOT NULL, scheduled_at timestamptz NOT NULL,"
              + " fired_at timestamptz NOT NULL, ended_at timestamptz, node_id text NOT NULL,"
              + " execution_id text NOT NULL,"
              + " recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())");
      statement.execute("CREATE TABLE tally.releases (counter text PRIMARY KEY)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the tally table", e);
    }
  }

  /** The {@code params} object of a tally job counting as {@code counter}, as JSON text. */
  public static String params(PostgresDatabase db, String counter) {
    return "{\"jdbcUrl\":\""
        + db.url()
        + "\",\"user\":\""
        + db.user()
        + "\",\"password\":\""
        + db.password()
        + "\",\"counter\":\""
        + counter
        + "\"}";
  }

  /**
   * As {@link #params(PostgresDatabase, String)}, each run lasting until {@link #release} is called
   * for {@code counter}.
   */
  public static String heldParams(PostgresDatabase db, String counter) {
    String plain = params(db, counter);
    return plain.substring(0, plain.length() - 1) + ",\"holdUntilReleased\":\"true\"}";
  }

  /** Ends every held run counting as {@code counter}, and lets later ones end at once. */
  public static void release(PostgresDatabase db, String counter) {
    try (Connection connection = db.connect();
        var insert = connection.prepareStatement("INSERT INTO tally.releases VALUES (?)")) {
      insert.setString(1, counter);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot release " + counter, e);
    }
  }

  /** As {@link #params(PostgresDatabase, String)}, each run lasting {@code holdMillis}. */
  public static String params(PostgresDatabase db, String counter, long holdMillis) {
    String plain = params(db, counter);
    return plain.substring(0, plain.length() - 1) + ",\"holdMillis\":\"" + holdMillis + "\"}";
  }
}
