package io.carillon.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The one request a raw Quartz or db-scheduler node answers, {@code POST /run?group=&name=}: "run
 * this job now", asked of that node as Carillon's {@code POST /jobs/{group}/{name}/run} is asked of
 * one Carillon node, so that each system's run-now is served by its own in-process scheduler.
 */
final class NodeControl {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private NodeControl() {}

  /** What a node does for a run-now request. */
  interface RunNow {
    void run(String group, String name) throws Exception;
  }

  /** Serves run-now on an ephemeral loopback port, which it returns. */
  static int serve(RunNow runNow) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext(
        "/run",
        exchange -> {
          int status = 202;
          try {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            runNow.run(query.get("group"), query.get("name"));
          } catch (Exception e) {
            // The harness sees the 500 and fails the sample; the trace goes to this node's log.
            status = 500;
            e.printStackTrace();
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    return server.getAddress().getPort();
  }

  /** Asks the node on {@code port} to run the job now; returns once the node has accepted. */
  static void runNow(int port, String group, String name) throws Exception {
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + port
                + "/run?group="
                + URLEncoder.encode(group, StandardCharsets.UTF_8)
                + "&name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8));
    HttpResponse<Void> response =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 202) {
      throw new IllegalStateException("run-now on port " + port + ": " + response.statusCode());
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int equals = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
