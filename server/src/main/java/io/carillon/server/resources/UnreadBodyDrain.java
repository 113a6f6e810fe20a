package io.carillon.server.resources;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Reads and drops what is left of a request body after a refusal. A request refused before its body
 * is read (a bad query parameter, a missing key) leaves the body unread, and Jetty then closes the
 * connection while the client may still be sending it: the client's socket is reset and it may
 * never read the 4xx answer. Reading on, up to the body limit, as nginx's lingering close does,
 * lets the answer arrive. {@link BodySizeLimit} does the same for a body refused while it is
 * parsed.
 */
public final class UnreadBodyDrain implements Filter {
  private final long limit;

  public UnreadBodyDrain(long limit) {
    this.limit = limit;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(request, response);
    if (response instanceof HttpServletResponse http && http.getStatus() >= 400) {
      drain(request);
    }
  }

  private void drain(ServletRequest request) {
    try {
      ServletInputStream body = request.getInputStream();
      byte[] buffer = new byte[8192];
      long left = limit;
      while (left > 0 && !body.isFinished()) {
        int read = body.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          return;
        }
        left -= read;
      }
    } catch (IOException | IllegalStateException e) {
      // The client went away, or the body was taken as a reader: nothing more to wait for.
    }
  }
}
