package io.carillon.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * A recorder starts its writer thread only when its server starts (or with its first record): one
 * built for a server whose start-up failed later holds no thread that would go on sweeping a pool
 * that is closed.
 */
class GroupCommitRunRecorderTest {
  @Test
  void a_recorder_never_started_holds_no_writer_thread() {
    long before = writers();

    GroupCommitRunRecorder recorder =
        new GroupCommitRunRecorder(null, DatabaseDialect.POSTGRESQL, "cluster", Clock.systemUTC());

    assertThat(writers()).isEqualTo(before);
    recorder.close();
    assertThat(writers()).isEqualTo(before);
  }

  private static long writers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().equals("carillon-run-records"))
        .count();
  }
}
