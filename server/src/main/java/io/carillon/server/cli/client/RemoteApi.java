package io.carillon.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A Carillon server's REST API as the command-line client calls it: JSON in and out, the key as a
 * bearer token, and every failure turned into a {@link ClientException} with one line saying what
 * to do and an exit code that says what kind of failure it was.
 */
public final class RemoteApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String server;
  private final String base;
  private final String key;
  private final HttpClient http;

  /**
   * {@code url}: the server, such as {@code http://127.0.0.1:8080} (a trailing {@code /api} is
   * allowed); {@code key}: an API key, or null.
   */
  public RemoteApi(String url, String key) {
    String trimmed = url.strip().replaceAll("/+$", "");
    if (!trimmed.matches("(?i)https?://.+")) {
      throw ClientException.commandLine(
          "--url must be an http:// or https:// URL, not '" + url + "'");
    }
    this.server = trimmed.replaceAll("(?i)/api$", "");
    this.base = server + "/api";
    this.key = key == null || key.isBlank() ? null : key.strip();
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The server's URL as the operator gave it, without {@code /api}. */
  public String server() {
    return server;
  }

  /** A response that was a success (2xx). */
  public record Reply(int status, String text, HttpResponse<String> response) {
    public JsonNode json() {
      return parse(text);
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  public JsonNode get(String path) {
    return call("GET", path, null, null).json();
  }

  public String getText(String path) {
    return call("GET", path, null, null, "Accept", "text/plain").text();
  }

  public Reply post(String path, JsonNode body) {
    return call("POST", path, "application/json", body == null ? null : body.toString());
  }

  public Reply delete(String path, String... headers) {
    return call("DELETE", path, null, null, headers);
  }

  /** Any call; {@code headers} are name, value, ... */
  public Reply call(
      String method, String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> response = send(request.build());
    if (response.statusCode() / 100 != 2) {
      throw refused(response);
    }
    return new Reply(response.statusCode(), response.body(), response);
  }

  /** {@code path?name=value&...}, leaving out null values; a list value repeats the name. */
  public static String query(String path, Map<String, ?> parameters) {
    StringJoiner joined = new StringJoiner("&");
    parameters.forEach(
        (name, value) -> {
          List<?> values =
              value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
          for (Object one : values) {
            joined.add(name + "=" + URLEncoder.encode(one.toString(), StandardCharsets.UTF_8));
          }
        });
    return joined.length() == 0 ? path : path + "?" + joined;
  }

  /** A path segment (a group, a name, an execution id) escaped for a URL. */
  public static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private URI uri(String path) {
    try {
      return URI.create(base + path);
    } catch (IllegalArgumentException e) {
      throw new ClientException(ExitCode.USAGE, "not a valid URL: " + base + path);
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no connection within 5 s");
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer within " + TIMEOUT.toSeconds() + " s");
    } catch (ConnectException e) {
      throw unreachable("connection refused");
    } catch (IOException | UnresolvedAddressException e) {
      throw unreachable(describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException(ExitCode.UNAVAILABLE, "interrupted");
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof UnresolvedAddressException) {
      return "unknown host";
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private ClientException unreachable(String why) {
    return new ClientException(
        ExitCode.UNAVAILABLE,
        "cannot reach the server at "
            + server
            + " ("
            + why
            + "); is it running? Set --url or CARILLON_URL");
  }

  private ClientException refused(HttpResponse<String> response) {
    int status = response.statusCode();
    String detail = detail(response.body());
    switch (status) {
      case 401:
        return new ClientException(
            ExitCode.DENIED,
            key == null
                ? "no API key given (401): set --key or CARILLON_KEY"
                : "the server did not accept the API key (401): check --key or CARILLON_KEY");
      case 403:
        return new ClientException(ExitCode.DENIED, "forbidden (403): " + detail);
      case 404:
        return new ClientException(ExitCode.NOT_FOUND, "not found (404): " + detail);
      case 409:
      case 412:
        return new ClientException(ExitCode.CONFLICT, detail + " (" + status + ")");
      case 400:
      case 413:
      case 415:
      case 422:
        return new ClientException(ExitCode.USAGE, "refused (" + status + "): " + detail);
      case 429:
        return new ClientException(
            ExitCode.UNAVAILABLE, "too many failed attempts from this address (429); retry later");
      default:
        return new ClientException(
            ExitCode.UNAVAILABLE, "the server answered " + status + ": " + detail);
    }
  }

  /** A problem+json's detail and field errors on one line, or the start of any other body. */
  static String detail(String body) {
    JsonNode problem;
    try {
      problem = JSON.readTree(body == null ? "" : body);
    } catch (IOException e) {
      problem = null;
    }
    if (problem == null || !problem.isObject()) {
      String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
      return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
    List<String> parts = new ArrayList<>();
    String detail = problem.path("detail").asText(problem.path("title").asText(""));
    if (!detail.isEmpty()) {
      parts.add(detail);
    }
    for (JsonNode error : problem.path("errors")) {
      String line = error.path("field").asText() + ": " + error.path("message").asText();
      if (!detail.contains(line)) {
        parts.add(line);
      }
    }
    return String.join("; ", parts);
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new ClientException(
          ExitCode.UNAVAILABLE, "the server's answer is not JSON: " + detail(text));
    }
  }
}
