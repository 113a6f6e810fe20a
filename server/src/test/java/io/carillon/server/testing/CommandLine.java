package io.carillon.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command-line client as an operator runs it: {@code java -jar carillon.jar ARGS} as its own
 * process, with {@code CARILLON_URL} and {@code CARILLON_KEY} in its environment.
 */
public final class CommandLine {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;
  private final Path workDir;

  public CommandLine(Path workDir, String url, String key) {
    this(workDir, env(url, key));
  }

  private CommandLine(Path workDir, Map<String, String> env) {
    this.workDir = workDir;
    this.env = env;
  }

  private static Map<String, String> env(String url, String key) {
    Map<String, String> env = new HashMap<>();
    if (url != null) {
      env.put("CARILLON_URL", url);
    }
    if (key != null) {
      env.put("CARILLON_KEY", key);
    }
    return env;
  }

  /** The same server, another key (null: none). */
  public CommandLine withKey(String key) {
    Map<String, String> other = new HashMap<>(env);
    other.remove("CARILLON_KEY");
    if (key != null) {
      other.put("CARILLON_KEY", key);
    }
    return new CommandLine(workDir, other);
  }

  /** What a command did: its exit code and what it printed. */
  public record Result(int exit, String out, String err) {
    public JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON (exit " + exit + "): " + out + "\nstderr: " + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** {@code java -jar carillon.jar ARGS}. */
  public Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    command.addAll(List.of("-jar", ServerProcess.JAR.toString()));
    command.addAll(List.of(args));
    return exec(command, Map.of());
  }

  /** Any program, such as the {@code bin/carillon} wrapper, with extra environment variables. */
  public Result exec(List<String> command, Map<String, String> extraEnv) {
    try {
      Files.createDirectories(workDir);
      Path out = Files.createTempFile(workDir, "cli-", ".out");
      Path err = Files.createTempFile(workDir, "cli-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
      builder.environment().keySet().removeIf(key -> key.startsWith("CARILLON_"));
      builder.environment().putAll(env);
      builder.environment().putAll(extraEnv);
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("still running after 120 s: " + command);
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File("/dev/null");
  }
}
