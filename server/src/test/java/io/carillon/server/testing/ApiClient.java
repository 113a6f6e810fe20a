package io.carillon.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Real HTTP calls to a running server's API, with bodies written as JSON text like a user's. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String key;
  private final Duration timeout;

  /** {@code base} such as {@code http://127.0.0.1:8080/api}; calls carry no API key. */
  public ApiClient(String base) {
    this(base, null);
  }

  /** Calls that send {@code Authorization: Bearer key}. */
  public ApiClient(String base, String key) {
    this(base, key, DEFAULT_TIMEOUT);
  }

  private ApiClient(String base, String key, Duration timeout) {
    this.base = base;
    this.key = key;
    this.timeout = timeout;
  }

  /** The same server and key, waiting up to {@code timeout} for each response. */
  public ApiClient withTimeout(Duration otherTimeout) {
    return new ApiClient(base, key, otherTimeout);
  }

  /** The same server, calling with another key (null: none). */
  public ApiClient withKey(String otherKey) {
    return new ApiClient(base, otherKey, timeout);
  }

  /** A response: status, headers and the body as text and (when it is JSON) as a tree. */
  public record Reply(int status, Map<String, List<String>> headers, String text) {
    public JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + text, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(entry -> entry.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  public Reply get(String path) {
    return send(request(path, "application/json").GET());
  }

  /** A GET that accepts only plain text, such as an execution's output. */
  public Reply getText(String path) {
    return send(request(path, "application/json").setHeader("Accept", "text/plain").GET());
  }

  public Reply delete(String path) {
    return send(request(path, "application/json").DELETE());
  }

  public Reply post(String path, String json) {
    return send(request(path, "application/json").POST(body(json)));
  }

  public Reply put(String path, String json, String... headers) {
    HttpRequest.Builder request = request(path, "application/json").PUT(body(json));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  /** A POST whose body is streamed in chunks, with no Content-Length for the server to check. */
  public Reply postChunked(String path, String json) {
    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return send(
        request(path, "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(bytes))));
  }

  /** Any method with a raw body, content type and extra headers (name, value, ...). */
  public Reply send(
      String method, String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request = request(path, contentType).method(method, body(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  private HttpRequest.Builder request(String path, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .header("Content-Type", contentType);
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return request;
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return json == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json);
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
