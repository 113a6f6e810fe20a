package io.carillon.server.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.api.Problem;
import io.carillon.server.auth.SecurityHeaders;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Jetty's own error pages (a URI it refuses, headers too large, a servlet's sendError) as
 * problem+json with the same security headers as everything else, instead of Jetty's HTML. Jersey
 * never gets these requests, so its exception mappers cannot answer them.
 */
public final class ProblemErrorHandler extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Installs the handler on the Jetty server as it starts (Dropwizard builds it after run()). */
  public static LifeCycle.Listener installer() {
    return new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        if (event instanceof Server server) {
          server.setErrorHandler(new ProblemErrorHandler());
        }
      }
    };
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    int status = response.getStatus();
    String detail = HttpStatus.getMessage(status);
    // Jetty's reasons for refusing a request ("Ambiguous URI path separator") help the caller;
    // any other cause is an internal failure whose text stays in the log.
    if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException refusal) {
      status = refusal.getCode();
      detail = refusal.getReason() != null ? refusal.getReason() : HttpStatus.getMessage(status);
      // Jetty ends the connection after a request it could not read (a NUL in the URI) without
      // always saying so; saying it keeps clients from sending their next request down it.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    } else if (status < 500 && request.getAttribute(ERROR_MESSAGE) instanceof String message) {
      detail = message;
    }
    response.setStatus(status);
    SecurityHeaders.apply(response.getHeaders()::put);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
      callback.succeeded();
      return true;
    }
    String title = HttpStatus.getMessage(status);
    Problem problem =
        Problem.of(status, title.toLowerCase(Locale.ROOT).replace(' ', '-'), title, detail);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(problem)), callback);
    return true;
  }
}
