package io.carillon.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several server processes on one PostgreSQL database, each on its own ports, all with the {@link
 * TallyPlugin} installed and the admin key {@link ApiApp#ADMIN_KEY}. Nodes are numbered from 1 and
 * called {@code node-1}, {@code node-2}, ...; a node stopped or killed can be started again on the
 * same ports with the same id, as an orchestrator restarts a replica.
 *
 * <p>The configuration is the shipped config.yml with cluster timing shortened for tests: check-in
 * and idle wait 1 s (instead of 5 s), a 2 s shutdown grace period, 5 job threads and a pool of 8
 * per node so that three nodes stay well inside PostgreSQL's connection limit on a shared machine.
 */
public final class LocalCluster implements AutoCloseable {
  private final Path workDir;
  private final Path config;
  private final List<Map<String, String>> envs = new ArrayList<>();
  private final List<ServerProcess> processes = new ArrayList<>();

  private LocalCluster(Path workDir, Path config) {
    this.workDir = workDir;
    this.config = config;
  }

  /** Starts {@code size} nodes at the same moment and waits until each is healthy. */
  public static LocalCluster start(PostgresDatabase db, Path workDir, int size) {
    Path config =
        rewrite(
            workDir,
            Map.of(
                "  checkinInterval: 5s\n", "  checkinInterval: 1s\n",
                "  idleWaitTime: ${CARILLON_IDLE_WAIT:-5s}\n", "  idleWaitTime: 1s\n"));
    Path plugins = workDir.resolve("plugins");
    TallyPlugin.install(plugins);
    LocalCluster cluster = new LocalCluster(workDir, config);
    for (int n = 1; n <= size; n++) {
      Map<String, String> env = new HashMap<>();
      env.put("DATABASE_URL", db.url());
      env.put("DATABASE_USER", db.user());
      env.put("DATABASE_PASSWORD", db.password());
      env.put("DATABASE_POOL_SIZE", "8");
      env.put("CARILLON_THREADS", "5");
      env.put("CARILLON_NODE_ID", "node-" + n);
      env.put("CARILLON_ADMIN_KEY", ApiApp.ADMIN_KEY);
      env.put("CARILLON_PLUGINS", plugins.toString());
      env.put("CARILLON_SHUTDOWN_GRACE", "2s");
      env.put("PORT", Integer.toString(FreePort.pick()));
      env.put("ADMIN_PORT", Integer.toString(FreePort.pick()));
      cluster.envs.add(Map.copyOf(env));
      cluster.processes.add(null);
    }
    try {
      for (int n = 1; n <= size; n++) {
        cluster.launch(n);
      }
      for (int n = 1; n <= size; n++) {
        cluster.node(n).awaitHealthy();
      }
    } catch (RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  public int size() {
    return envs.size();
  }

  public String id(int n) {
    return envs.get(n - 1).get("CARILLON_NODE_ID");
  }

  /** The node's API port. */
  public int port(int n) {
    return Integer.parseInt(envs.get(n - 1).get("PORT"));
  }

  public ServerProcess node(int n) {
    return processes.get(n - 1);
  }

  /** An admin client of the node's API. */
  public ApiClient api(int n) {
    return new ApiClient("http://127.0.0.1:" + port(n) + "/api/v1", ApiApp.ADMIN_KEY);
  }

  /** SIGTERM, as an orchestrator stops a replica; returns the exit code. */
  public int stop(int n, Duration timeout) {
    return node(n).terminate(timeout);
  }

  /** SIGKILL: the node dies at once, as on a crash or an out-of-memory kill. */
  public void kill(int n) {
    node(n).close();
  }

  /** Starts a stopped node again with its id and ports and waits until it is healthy. */
  public void restart(int n) {
    if (node(n).isAlive()) {
      throw new IllegalStateException(id(n) + " is still running");
    }
    launch(n).awaitHealthy();
  }

  @Override
  public void close() {
    for (ServerProcess process : processes) {
      if (process != null) {
        process.close();
      }
    }
  }

  private ServerProcess launch(int n) {
    ServerProcess process = ServerProcess.server(workDir.resolve(id(n)), envs.get(n - 1), config);
    processes.set(n - 1, process);
    return process;
  }

  /** The shipped config.yml with each exact piece of text replaced, written to {@code dir}. */
  private static Path rewrite(Path dir, Map<String, String> replacements) {
    try {
      String text = Files.readString(ServerProcess.CONFIG);
      for (Map.Entry<String, String> change : replacements.entrySet()) {
        if (!text.contains(change.getKey())) {
          throw new IllegalStateException(
              "config.yml no longer contains: " + change.getKey().strip());
        }
        text = text.replace(change.getKey(), change.getValue());
      }
      Files.createDirectories(dir);
      Path file = Files.createTempFile(dir, "config-", ".yml");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
