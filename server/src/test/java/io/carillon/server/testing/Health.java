package io.carillon.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A health answer: HTTP status and body (-1 and "" when nothing answers). The one way tests read
 * the admin {@code /healthcheck} and the load balancer's {@code /health-check?type=ready|alive}.
 */
public record Health(int status, String body) {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public boolean ok() {
    return status == 200;
  }

  /** The admin port's {@code /healthcheck}. */
  public static Health admin(int adminPort) {
    return get("http://127.0.0.1:" + adminPort + "/healthcheck");
  }

  /** The application port's {@code /health-check?type=ready|alive}. */
  public static Health loadBalancer(int port, String type) {
    return get("http://127.0.0.1:" + port + "/health-check?type=" + type);
  }

  private static Health get(String url) {
    // Long enough for checks that each wait for the pool's connection timeout in an outage.
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Health(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Health(-1, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Health(-1, "");
    }
  }
}
