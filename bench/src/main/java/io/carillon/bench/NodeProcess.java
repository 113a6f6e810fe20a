package io.carillon.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** One node of a benchmarked cluster: a JVM started with a command line, output to a log file. */
final class NodeProcess implements AutoCloseable {
  /** The file in the node's directory where the counting driver writes "statements commits". */
  static final String COUNTS = "counts";

  /** Every node process started and not yet killed, for the harness's shutdown hook. */
  private static final java.util.Set<Process> LIVE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final String id;
  private final Process process;
  private final Path log;

  private NodeProcess(String id, Process process, Path log) {
    this.id = id;
    this.process = process;
    this.log = log;
  }

  static NodeProcess start(String id, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    // Each node works in its own directory, so nothing (an H2 file, plugins) is shared by accident.
    Path dir = Files.createDirectories(directory(log));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    LIVE.add(process);
    return new NodeProcess(id, process, log);
  }

  /** Kills every node still running (the harness is exiting, perhaps interrupted). */
  static void killAll() {
    for (Process process : LIVE) {
      process.destroyForcibly();
    }
  }

  private static Path directory(Path log) {
    return log.resolveSibling(log.getFileName() + ".d");
  }

  String id() {
    return id;
  }

  long pid() {
    return process.pid();
  }

  Path directory() {
    return directory(log);
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  /** Statements and commits the counting driver has seen in this process; null if none yet. */
  long[] counts() throws IOException {
    Path file = directory().resolve(COUNTS);
    if (!Files.exists(file)) {
      return null;
    }
    String[] parts = Files.readString(file).trim().split(" ");
    return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
  }

  /** The last word of the node's "READY" line: the port of its {@link NodeControl}. */
  int controlPort() throws IOException {
    for (String line : output().split("\n")) {
      if (line.startsWith("READY ")) {
        return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1).trim());
      }
    }
    throw new IllegalStateException("node " + id + " has not said READY");
  }

  /** Polls until the condition holds; fails naming what was awaited, with the node's log. */
  void await(String what, Duration timeout, BooleanSupplier condition)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("node " + id + " never became " + what + ":\n" + output());
      }
      Thread.sleep(100);
    }
  }

  /** Resident memory in kilobytes (VmRSS of /proc/pid/status). */
  long residentKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid());
  }

  /** Runs jcmd against this node (e.g. JFR.start, JFR.stop) and waits for it. */
  void jcmd(String... arguments) throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid())));
    command.addAll(List.of(arguments));
    Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** SIGKILL: the node dies without a word, as in a crash or an OOM kill. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    LIVE.remove(process);
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
