package io.carillon.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every cluster needs to start its node processes: the server jar, Carillon's configuration,
 * the work directory for logs, the counting driver's jar, the settings all systems share, and the
 * Carillon job store to ask for (null: whatever the configuration says).
 */
record Launch(
    Path jar, Path config, Path workDir, Path countingDriver, Settings settings, String store) {

  static final String CARILLON_MAIN = "io.carillon.server.CarillonApplication";

  /**
   * The start of a node's command line, up to its main class: java, heap, where the counting driver
   * writes, and the class path with the counting driver first.
   */
  List<String> java(String classPath) {
    List<String> command = new ArrayList<>();
    command.add(Bench.java());
    command.add(Bench.HEAP);
    // Extra JVM flags for every node of every system alike, for looking inside a run (such as
    // -XX:+PrintCompilation or a profiler agent): BENCH_JVM_OPTS, split on spaces.
    String extra = System.getenv("BENCH_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    // Relative to the node's own working directory, where NodeProcess reads it.
    command.add("-Dbench.counts=" + NodeProcess.COUNTS);
    command.add("-cp");
    command.add(countingDriver + separator() + classPath);
    return command;
  }

  /** Raw Quartz and db-scheduler nodes: the server jar (Quartz, HikariCP) and the bench's path. */
  String benchClassPath() {
    StringBuilder classPath = new StringBuilder(jar.toString());
    for (String entry : System.getProperty("java.class.path").split(separator())) {
      classPath.append(separator()).append(Path.of(entry).toAbsolutePath());
    }
    return classPath.toString();
  }

  private static String separator() {
    return System.getProperty("path.separator");
  }
}
