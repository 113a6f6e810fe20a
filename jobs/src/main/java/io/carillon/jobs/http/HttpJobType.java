package io.carillon.jobs.http;

import io.carillon.jobs.FieldError;
import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobParameters;
import io.carillon.jobs.JobType;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.ParameterSpec;
import io.carillon.jobs.ParameterType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Calls an HTTP endpoint and fails unless the status is one of the accepted ones. Where it may
 * connect is decided by {@link DestinationPolicy}, when the job is stored and on every run.
 */
public final class HttpJobType implements JobType {

  static final int EXCERPT_BYTES = 4096;

  /** How much of a refused response's body its failure reason quotes. */
  static final int BODY_START = 200;

  /** Headers java.net.http refuses to let callers set. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  // One client for every run: it is thread-safe and owns a connection pool worth sharing.
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(30))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Override
  public String name() {
    return "http";
  }

  @Override
  public String description() {
    return "Sends an HTTP request; fails unless the response status is accepted.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.required("url", ParameterType.STRING, "Absolute http or https URL.")
            .withMaxLength(8192)
            .neverOverridden(),
        ParameterSpec.optional("method", ParameterType.ENUM, "HTTP method.")
            .withAllowedValues("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
            .withDefault("GET"),
        ParameterSpec.optional("headers", ParameterType.MAP, "Request headers.")
            .withMax(100)
            .withMaxLength(8192)
            .neverOverridden(),
        ParameterSpec.optional("body", ParameterType.STRING, "Request body (UTF-8).")
            .withMaxLength(1024 * 1024),
        ParameterSpec.optional(
                "expectedStatus",
                ParameterType.LIST,
                "Accepted statuses: codes such as 204 or classes such as 2xx. Redirects are not followed.")
            .withDefault(List.of("2xx"))
            .withMin(1)
            .withMax(50),
        ParameterSpec.optional(
                "timeout",
                ParameterType.DURATION,
                "Time allowed for connecting and receiving the response headers.")
            .withDefault("PT30S"));
  }

  @Override
  public List<FieldError> check(JobParameters params, JobTypeSettings settings) {
    List<FieldError> errors = new ArrayList<>();
    if (!isHttpUrl(params.string("url"))) {
      errors.add(FieldError.param("url", "must be an absolute http or https URL"));
    } else {
      URI uri = URI.create(params.string("url"));
      String refusal =
          new DestinationPolicy(settings.http()).refusalBeforeResolving(uri.getHost(), port(uri));
      if (refusal != null) {
        errors.add(FieldError.param("url", "is not allowed: " + refusal));
      }
    }
    List<String> statuses = params.list("expectedStatus");
    for (int i = 0; i < statuses.size(); i++) {
      if (!StatusPattern.isValid(statuses.get(i))) {
        errors.add(
            FieldError.param(
                "expectedStatus[" + i + "]",
                "must be a status code such as 200 or a class such as 2xx"));
      }
    }
    if (params.has("headers")) {
      params.map("headers").keySet().stream()
          .filter(name -> RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) || name.isBlank())
          .forEach(name -> errors.add(FieldError.param("headers." + name, "cannot be set")));
      errors.addAll(HeaderSyntax.check(params.map("headers")));
    }
    if (params.duration("timeout").isZero()) {
      errors.add(FieldError.param("timeout", "must be longer than zero"));
    }
    return errors;
  }

  @Override
  public void run(JobContext context) throws IOException, InterruptedException {
    JobParameters params = context.params();
    String method = params.string("method");
    URI uri = URI.create(params.string("url"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(params.duration("timeout"))
            .method(
                method,
                params.has("body")
                    ? HttpRequest.BodyPublishers.ofString(
                        params.string("body"), StandardCharsets.UTF_8)
                    : HttpRequest.BodyPublishers.noBody());
    if (params.has("headers")) {
      params.map("headers").forEach(request::header);
    }
    refuseForbiddenDestination(uri, method, context.settings());
    HttpResponse<InputStream> response;
    try {
      response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new JobFailedException(method + " " + safe(uri) + " failed: " + e, e);
    }
    Excerpt excerpt = Excerpt.read(response.body(), EXCERPT_BYTES);
    int status = response.statusCode();
    context
        .output()
        .line(method + " " + safe(uri) + " -> " + status + " (" + excerpt.totalBytes() + " bytes)");
    context.output().write(excerpt.text());
    context.result(Map.of("status", status, "bytes", excerpt.totalBytes()));
    List<String> accepted = params.list("expectedStatus");
    if (!StatusPattern.accepts(accepted, status)) {
      throw new JobFailedException(
          method
              + " "
              + safe(uri)
              + " answered "
              + status
              + ", expected "
              + String.join(" or ", accepted)
              + bodyStart(excerpt.text()));
    }
  }

  /**
   * Resolves the host and refuses the run unless every address passes the policy. The client
   * resolves the name again when it connects and gets the JVM's cached answer (kept for {@code
   * networkaddress.cache.ttl}, 30 s by default), which is the one checked here; redirects are never
   * followed, so a 3xx cannot lead anywhere else.
   */
  private static void refuseForbiddenDestination(URI uri, String method, JobTypeSettings settings) {
    String host = DestinationPolicy.normalise(uri.getHost());
    List<InetAddress> addresses;
    try {
      addresses = List.of(InetAddress.getAllByName(host));
    } catch (UnknownHostException e) {
      throw new JobFailedException(method + " " + safe(uri) + " failed: unknown host " + host, e);
    }
    String refusal = new DestinationPolicy(settings.http()).refusal(host, port(uri), addresses);
    if (refusal != null) {
      throw new JobFailedException(method + " " + safe(uri) + " refused: " + refusal);
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static boolean isHttpUrl(String text) {
    try {
      URI uri = new URI(text);
      return uri.isAbsolute()
          && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** The URL without user info, which may hold a password. */
  private static String safe(URI uri) {
    if (uri.getUserInfo() == null) {
      return uri.toString();
    }
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + uri.getRawPath();
  }

  /** The start of a response body on one line, for the failure's reason ("" when empty). */
  static String bodyStart(String body) {
    String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    if (line.isEmpty()) {
      return "";
    }
    return ": " + (line.length() <= BODY_START ? line : line.substring(0, BODY_START) + "...");
  }
}
