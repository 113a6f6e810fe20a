package io.carillon.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * POSTs a JSON body to a URL: the generic webhook ({@link Notification#toJson}) or a
 * Slack-compatible one ({@code {"text": ...}}). Any status but 2xx is a failed attempt.
 */
final class WebhookChannel implements Channel {
  private final String name;
  private final String type;
  private final URI url;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper json;
  private final Function<Notification, Object> body;

  private WebhookChannel(
      String name,
      String type,
      URI url,
      Duration timeout,
      HttpClient http,
      ObjectMapper json,
      Function<Notification, Object> body) {
    this.name = name;
    this.type = type;
    this.url = url;
    this.timeout = timeout;
    this.http = http;
    this.json = json;
    this.body = body;
  }

  static WebhookChannel generic(
      String name, URI url, Duration timeout, HttpClient http, ObjectMapper json) {
    return new WebhookChannel(name, "webhook", url, timeout, http, json, Notification::toJson);
  }

  static WebhookChannel slack(
      String name, URI url, Duration timeout, HttpClient http, ObjectMapper json) {
    return new WebhookChannel(
        name, "slack", url, timeout, http, json, n -> Map.of("text", n.text().stripTrailing()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public boolean isEnabled() {
    return url != null;
  }

  @Override
  public void send(Notification notification) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Carillon")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    json.writeValueAsBytes(body.apply(notification))))
            .build();
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) {
      // The URL stays out of the message: a webhook URL is often itself the secret.
      throw new IOException("HTTP " + response.statusCode());
    }
  }
}
