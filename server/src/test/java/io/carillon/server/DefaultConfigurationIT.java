package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command on a bare machine: config.yml as shipped, no database configured. */
class DefaultConfigurationIT {
  @TempDir Path workDir;

  @Test
  void
      with_no_database_configured_it_runs_on_embedded_h2_under_data_and_stops_cleanly_on_sigterm() {
    try (ServerProcess server = ServerProcess.server(workDir, Map.of())) {
      server.awaitHealthy();

      assertThat(workDir.resolve("data/carillon.mv.db")).exists();
      assertThat(server.output()).contains("Using the EMBEDDED H2 database");

      // 143 = 128 + SIGTERM: the JVM's exit code after its shutdown hooks ran.
      assertThat(server.terminate(Duration.ofSeconds(60))).as(server.output()).isEqualTo(143);
      assertThat(server.output())
          .contains("Scheduler stopped: node")
          .contains("carillon - Shutdown completed")
          .doesNotContain("ERROR");
    }
  }
}
