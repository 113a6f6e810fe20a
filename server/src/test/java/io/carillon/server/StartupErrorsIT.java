package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.testing.FreePort;
import io.carillon.server.testing.ServerProcess;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad start-up input ends the process with one clear line and a non-zero exit, no stack trace. */
class StartupErrorsIT {
  @TempDir Path workDir;

  record BadInput(String name, Map<String, String> env, String expectedLine) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadInput> badInputs() {
    int closedPort = FreePort.pick();
    return Stream.of(
        new BadInput(
            "unreachable database",
            Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/carillon"),
            "carillon: cannot connect to database jdbc:postgresql://127.0.0.1:"
                + closedPort
                + "/carillon: Connection to 127.0.0.1:"
                + closedPort
                + " refused"),
        new BadInput(
            "database that does not exist",
            Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/no_such_carillon_db",
                "DATABASE_USER", "postgres"),
            "carillon: cannot connect to database jdbc:postgresql://127.0.0.1:5432/no_such_carillon_db:"
                + " FATAL: database \"no_such_carillon_db\" does not exist"),
        new BadInput(
            "unsupported database URL",
            Map.of("DATABASE_URL", "jdbc:mysql://127.0.0.1/carillon"),
            "carillon: database.url: unsupported database URL 'jdbc:mysql://127.0.0.1/carillon'"),
        new BadInput(
            "password is never echoed",
            Map.of("DATABASE_URL", "jdbc:oracle://scott:tiger@db/x?password=tiger"),
            "carillon: database.url: unsupported database URL 'jdbc:oracle://scott:***@db/x?password=***'"),
        new BadInput(
            "thread count out of range",
            Map.of("CARILLON_THREADS", "0"),
            "carillon: "
                + ServerProcess.CONFIG
                + ": scheduler.threadCount must be greater than or equal to 1"),
        new BadInput(
            "a misspelt -Ddw. override",
            Map.of("JAVA_TOOL_OPTIONS", "-Ddw.scheduler.threadCuont=3"),
            "carillon: "
                + ServerProcess.CONFIG
                + ": scheduler.threadCuont (set by -Ddw.scheduler.threadCuont) is not a setting;"
                + " did you mean threadCount?"),
        new BadInput(
            "a -Ddw. override of the wrong type",
            Map.of("JAVA_TOOL_OPTIONS", "-Ddw.scheduler.threadCount=many"),
            "carillon: "
                + ServerProcess.CONFIG
                + ": Incorrect type of value at: scheduler.threadCount; is of type: String,"
                + " expected: int (set by -Ddw.scheduler.threadCount)"),
        new BadInput(
            "unknown job store",
            Map.of("CARILLON_STORE", "fast"),
            "scheduler.store must be one of auto, stock, set-based, not 'fast'"),
        new BadInput(
            "set-based store on H2",
            Map.of("CARILLON_STORE", "set-based"),
            "carillon: scheduler.store: set-based needs PostgreSQL; use auto or stock"),
        new BadInput(
            "pool smaller than the scheduler needs",
            Map.of("CARILLON_THREADS", "30", "DATABASE_POOL_SIZE", "10"),
            "database.maxPoolSize must be at least scheduler.threadCount + 3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void bad_input_is_one_clear_line_and_a_non_zero_exit(BadInput input) {
    ServerProcess process = ServerProcess.server(workDir, input.env());

    assertThat(process.awaitExit(Duration.ofSeconds(60))).isNotZero();
    assertThat(process.output()).contains(input.expectedLine());
    assertNoStackTrace(process.output());
    assertThat(process.output()).doesNotContain("tiger");
  }

  @Test
  void a_port_in_use_is_named_and_nothing_is_left_running() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(0));
      int port = busy.getLocalPort();

      ServerProcess process = ServerProcess.server(workDir, Map.of("PORT", Integer.toString(port)));

      assertThat(process.awaitExit(Duration.ofSeconds(60))).isNotZero();
      assertThat(process.output())
          .contains("carillon: server.applicationConnectors: cannot listen on *:" + port);
      assertNoStackTrace(process.output());
    }
  }

  private static void assertNoStackTrace(String output) {
    assertThat(output).doesNotContain("\tat ").doesNotContain("Exception:");
  }
}
