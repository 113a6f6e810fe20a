package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Three replicas migrating one empty database at the same moment. */
class ConcurrentMigrationIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ConcurrentMigrationIT.class);

  private static final Pattern APPLIED = Pattern.compile("Applied (\\d+) migration\\(s\\)");

  @TempDir Path workDir;

  @Test
  void three_processes_migrating_at_once_all_succeed_and_apply_each_migration_once() {
    Map<String, String> env =
        Map.of(
            "DATABASE_URL",
            DB.url(),
            "DATABASE_USER",
            DB.user(),
            "DATABASE_PASSWORD",
            DB.password());
    List<ServerProcess> processes =
        IntStream.range(0, 3)
            .mapToObj(
                i ->
                    ServerProcess.start(
                        workDir.resolve("replica-" + i),
                        env,
                        List.of("db", "migrate", ServerProcess.CONFIG.toString())))
            .toList();

    int applied = 0;
    for (ServerProcess process : processes) {
      assertThat(process.awaitExit(Duration.ofSeconds(90))).as(process.output()).isZero();
      Matcher matcher = APPLIED.matcher(process.output());
      assertThat(matcher.find()).as(process.output()).isTrue();
      applied += Integer.parseInt(matcher.group(1));
    }

    List<String> versions =
        List.of(
            "1", "2", "3", "4", "5", "6", "7", "9", "15", "20", "21", "22", "23", "24", "25", "26",
            "27", "28", "35", "36", "37");
    assertThat(applied)
        .as("migrations applied across the three processes")
        .isEqualTo(versions.size());
    assertThat(
            DB.strings(
                "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
        .containsExactlyElementsOf(versions);
  }
}
