package io.carillon.server.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server jar run as a real operating-system process, as an operator runs it: {@code
 * java -jar carillon.jar ARGS} with the repository's config.yml and environment variables.
 */
public final class ServerProcess implements AutoCloseable {
  /** Built by {@code mvn package}; failsafe passes its path. */
  public static final Path JAR =
      Path.of(System.getProperty("carillon.jar", "target/carillon.jar")).toAbsolutePath();

  /** The repository's runnable configuration, exactly as users get it. */
  public static final Path CONFIG =
      Path.of(System.getProperty("carillon.config", "../config.yml")).toAbsolutePath().normalize();

  /**
   * Connecting to a local port takes microseconds; the limit is for a stalled machine, where 2 s
   * was seen to run out while three server JVMs and the build shared two cores.
   */
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final Process process;
  private final Path log;
  private final int adminPort;
  private final int port;
  private final String adminKey;

  private ServerProcess(Process process, Path log, int adminPort, int port, String adminKey) {
    this.process = process;
    this.log = log;
    this.adminPort = adminPort;
    this.port = port;
    this.adminKey = adminKey;
  }

  /** {@code server config.yml} on fresh ports, against the given database. */
  public static ServerProcess server(Path workDir, Map<String, String> env) {
    return server(workDir, env, CONFIG);
  }

  /** {@code server CONFIG} with another configuration file, on fresh ports. */
  public static ServerProcess server(Path workDir, Map<String, String> env, Path config) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("PORT", Integer.toString(FreePort.pick()));
    all.putIfAbsent("ADMIN_PORT", Integer.toString(FreePort.pick()));
    // No load balancer to tell in tests: stop without the not-ready grace of health: config.
    all.putIfAbsent("CARILLON_HEALTH_SHUTDOWN_WAIT", "0s");
    return start(workDir, all, List.of("server", config.toString()));
  }

  /**
   * The shipped config.yml with its empty {@code jobs: []} replaced by a YAML list and {@code
   * pruneJobs} set, written to {@code dir}.
   */
  public static Path configWithJobs(Path dir, String jobsYaml, boolean prune) {
    try {
      String config = Files.readString(CONFIG);
      if (!config.contains("\njobs: []\n") || !config.contains("\npruneJobs: false\n")) {
        throw new IllegalStateException(
            "config.yml no longer has 'jobs: []' and 'pruneJobs: false'");
      }
      String changed =
          config
              .replace("\njobs: []\n", "\njobs:\n" + jobsYaml.stripTrailing() + "\n")
              .replace("\npruneJobs: false\n", "\npruneJobs: " + prune + "\n");
      Files.createDirectories(dir);
      Path file = Files.createTempFile(dir, "config-", ".yml");
      Files.writeString(file, changed);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped config.yml with one exact piece of text replaced, written to {@code dir}. */
  public static Path configWith(Path dir, String original, String replacement) {
    try {
      String config = Files.readString(CONFIG);
      if (!config.contains(original)) {
        throw new IllegalStateException("config.yml no longer contains: " + original);
      }
      Files.createDirectories(dir);
      Path file = Files.createTempFile(dir, "config-", ".yml");
      Files.writeString(file, config.replace(original, replacement));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Any command line, such as {@code db migrate config.yml}. */
  public static ServerProcess start(Path workDir, Map<String, String> env, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small and quick to start: several of these share two cores with PostgreSQL and the tests.
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(args);
    try {
      Files.createDirectories(workDir);
      Path log = Files.createTempFile(workDir, "process-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("DATABASE_"));
      builder.environment().putAll(env);
      int adminPort = Integer.parseInt(env.getOrDefault("ADMIN_PORT", "0"));
      int port = Integer.parseInt(env.getOrDefault("PORT", "0"));
      return new ServerProcess(
          builder.start(), log, adminPort, port, env.get("CARILLON_ADMIN_KEY"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the admin health check answers 200, failing early if the process died. */
  public ServerProcess awaitHealthy() {
    await("healthy server on admin port " + adminPort)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    "server exited with " + process.exitValue() + ":\n" + output());
              }
              return healthStatus() == 200;
            });
    return this;
  }

  /** The admin port's {@code /healthcheck} status code, or -1 when nothing answers. */
  public int healthStatus() {
    return health().status();
  }

  public int adminPort() {
    return adminPort;
  }

  /** The API port's load-balancer readiness ({@code /health-check?type=ready}), or -1. */
  public int readyStatus() {
    return loadBalancerCheck("ready").status();
  }

  /** An admin task's answer: status and the text it wrote. */
  public record TaskReply(int status, String text) {}

  /**
   * {@code POST /tasks/NAME} on the admin port, such as drain, standby or resume, with the admin
   * key the process was started with ({@code CARILLON_ADMIN_KEY}).
   */
  public TaskReply task(String name) {
    return task(
        name,
        adminKey == null ? new String[0] : new String[] {"Authorization", "Bearer " + adminKey});
  }

  /** {@code POST /tasks/NAME?QUERY} with exactly these headers (name, value, ...). */
  public TaskReply task(String nameAndQuery, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adminPort + "/tasks/" + nameAndQuery))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new TaskReply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGTERM without waiting: the test watches what the node does while it stops. */
  public void sigterm() {
    process.destroy();
  }

  /** SIGKILL, as a crashed machine: no drain, no shutdown hook; waits until it is gone. */
  public void kill() {
    close();
  }

  /**
   * The admin port's {@code /healthcheck}: status and JSON body (-1 and "" when nothing answers).
   */
  public Health health() {
    return Health.admin(adminPort);
  }

  /** The application port's load-balancer check {@code /health-check?type=ready|alive}. */
  public Health loadBalancerCheck(String type) {
    return Health.loadBalancer(port, type);
  }

  /** Waits for the process to end by itself and returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("process still running after " + timeout + ":\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Everything the process printed on stdout and stderr so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, as an orchestrator stops a replica, then waits for it to exit. */
  public int terminate(Duration timeout) {
    process.destroy();
    return awaitExit(timeout);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
