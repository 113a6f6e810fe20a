package io.carillon.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** One node of a benchmarked cluster: a JVM started with a command line, output to a log file. */
final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private NodeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static NodeProcess start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    // Each node works in its own directory, so nothing (an H2 file, plugins) is shared by accident.
    Path dir = Files.createDirectories(log.resolveSibling(log.getFileName() + ".d"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new NodeProcess(builder.start(), log);
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  /** Polls until the condition holds; fails naming what was awaited, with the node's log. */
  void await(String what, Duration timeout, BooleanSupplier condition)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("node never became " + what + ":\n" + output());
      }
      Thread.sleep(100);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
