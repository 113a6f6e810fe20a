package io.carillon.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text exposition, scraped and parsed strictly enough to catch malformed lines. */
public record Exposition(String text, List<Sample> samples, Map<String, String> types) {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A scrape slower than this is a failure to look into, not a wait (see {@link #scrape}). */
  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(20);

  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( \\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  /** One line of the exposition: a series and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /**
   * Scrapes the node's admin port. A scrape that does not answer within {@link #SCRAPE_TIMEOUT}
   * fails with what this JVM's admin threads were doing (a server under test runs in it), so a wait
   * inside a gauge shows where it waits instead of hanging the test.
   */
  public static Exposition scrape(int adminPort) throws IOException, InterruptedException {
    HttpResponse<String> response;
    try {
      response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/prometheus"))
                  .timeout(SCRAPE_TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new AssertionError(
          "no scrape answer from port " + adminPort + " within " + SCRAPE_TIMEOUT + adminThreads(),
          e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("scrape: " + response.statusCode() + " " + response.body());
    }
    return parse(response.body());
  }

  private static String adminThreads() {
    return ThreadStacks.of((thread, stack) -> thread.getName().startsWith("dw-admin"));
  }

  public static Exposition parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not an exposition line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        int end = 0;
        while (l.find() && l.start() == end) {
          labels.put(l.group(1), l.group(2));
          end = l.end();
        }
        if (end != m.group(3).length()) {
          throw new IllegalArgumentException("bad labels: " + line);
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
    return new Exposition(text, samples, types);
  }

  /** The first sample of {@code name} whose labels include all of {@code labels}. */
  public Optional<Sample> find(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .findFirst();
  }

  public boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }
}
