package io.carillon.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on loopback that records every JSON body POSTed to it, per path. A path may be
 * told to answer its first requests with 500, or every request.
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  /** Started on a free port of 127.0.0.1. */
  public static WebhookReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      WebhookReceiver receiver = new WebhookReceiver(server);
      server.createContext("/", receiver::handle);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code count} requests to {@code path} get 500 (Integer.MAX_VALUE: all of them). */
  public WebhookReceiver failing(String path, int count) {
    failuresLeft.put(path, new AtomicInteger(count));
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Every body POSTed to {@code path} so far, failed ones included, oldest first. */
  public List<JsonNode> bodies(String path) {
    return List.copyOf(received.getOrDefault(path, List.of()));
  }

  /** The bodies POSTed to {@code path} whose {@code field} (a JSON pointer) has {@code value}. */
  public List<JsonNode> bodies(String path, String pointer, String value) {
    return bodies(path).stream().filter(b -> value.equals(b.at(pointer).asText())).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body = exchange.getRequestBody().readAllBytes();
    received
        .computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
        .add(JSON.readTree(new String(body, StandardCharsets.UTF_8)));
    AtomicInteger left = failuresLeft.get(path);
    boolean fail = left != null && left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    exchange.sendResponseHeaders(fail ? 500 : 204, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
