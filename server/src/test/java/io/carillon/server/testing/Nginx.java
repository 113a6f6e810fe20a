package io.carillon.server.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real nginx ({@code /usr/sbin/nginx}) in the foreground, running the repository's {@code
 * deploy/nginx.conf} with only its listen port and upstream server addresses replaced, with its
 * prefix (pid file, temporary files, log) in a directory of the test's.
 */
public final class Nginx implements AutoCloseable {
  /** The shipped load-balancer configuration. */
  public static final Path CONFIG =
      Path.of(System.getProperty("carillon.nginx.config", "../deploy/nginx.conf"))
          .toAbsolutePath()
          .normalize();

  private static final String BINARY = "/usr/sbin/nginx";
  private static final List<String> SHIPPED_UPSTREAMS =
      List.of("127.0.0.1:8180", "127.0.0.1:8280", "127.0.0.1:8380");

  private final Process process;
  private final Path log;
  private final int port;

  private Nginx(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts nginx on a free port in front of the three given API ports; waits until it listens. */
  public static Nginx start(Path prefix, List<Integer> upstreamPorts) {
    if (upstreamPorts.size() != SHIPPED_UPSTREAMS.size()) {
      throw new IllegalArgumentException("deploy/nginx.conf balances exactly three replicas");
    }
    int port = FreePort.pick();
    try {
      String config = Files.readString(CONFIG);
      config = replaceOnce(config, "listen 8000;", "listen 127.0.0.1:" + port + ";");
      for (int i = 0; i < upstreamPorts.size(); i++) {
        config =
            replaceOnce(
                config,
                "server " + SHIPPED_UPSTREAMS.get(i) + " ",
                "server 127.0.0.1:" + upstreamPorts.get(i) + " ");
      }
      Files.createDirectories(prefix);
      // Started as root (as in CI containers), nginx runs its workers as "nobody", and they keep
      // temporary files under the prefix: every directory down to it must be searchable by them.
      // JUnit's temporary directories are private to their owner.
      Path systemTemp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
      for (Path dir = prefix.toRealPath();
          dir.startsWith(systemTemp) && !dir.equals(systemTemp);
          dir = dir.getParent()) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Path file = prefix.resolve("nginx.conf");
      Files.writeString(file, config);
      Path log = prefix.resolve("nginx.log");
      Process process =
          new ProcessBuilder(
                  BINARY,
                  "-p",
                  prefix + "/",
                  "-c",
                  file.toString(),
                  // Where nginx logs before it has read the file (its default is /var/log).
                  "-e",
                  prefix.resolve("startup-error.log").toString(),
                  // In the foreground, so the test owns the process and its end.
                  "-g",
                  "daemon off;")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Nginx nginx = new Nginx(process, log, port);
      nginx.awaitListening();
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL of the API through nginx. */
  public String apiUrl() {
    return "http://127.0.0.1:" + port + "/api/v1";
  }

  /** What nginx logged (its error log goes to stderr). */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    // SIGTERM: nginx's fast shutdown, the master takes its workers down with it.
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitListening() {
    await("nginx listening on " + port)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    "nginx exited with " + process.exitValue() + ":\n" + output());
              }
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
              } catch (IOException e) {
                return false;
              }
            });
  }

  private static String replaceOnce(String text, String original, String replacement) {
    int at = text.indexOf(original);
    if (at < 0 || text.indexOf(original, at + 1) >= 0) {
      throw new IllegalStateException(
          CONFIG + " must contain '" + original.strip() + "' exactly once");
    }
    return text.replace(original, replacement);
  }
}
