package io.carillon.server.auth;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Headers that keep browsers from misreading or framing anything Carillon serves: no content-type
 * sniffing, no framing by other sites, no referrer leaking paths elsewhere.
 */
public final class SecurityHeaders implements Filter {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private static final Map<String, String> HEADERS =
      Map.of(
          "X-Content-Type-Options", "nosniff",
          "X-Frame-Options", "DENY",
          "Content-Security-Policy", CONTENT_SECURITY_POLICY,
          "Referrer-Policy", "no-referrer");

  /** Sets the headers through {@code header}: for responses this filter never sees. */
  public static void apply(BiConsumer<String, String> header) {
    HEADERS.forEach(header);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (response instanceof HttpServletResponse http) {
      apply(http::setHeader);
      chain.doFilter(request, new KeepingHeaders(http));
    } else {
      chain.doFilter(request, response);
    }
  }

  /** A servlet that resets its response (the assets servlet does, for a 404) keeps the headers. */
  private static final class KeepingHeaders extends HttpServletResponseWrapper {
    KeepingHeaders(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void reset() {
      super.reset();
      apply(this::setHeader);
    }
  }
}
