package io.carillon.server.db;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Names the database sessions an API request uses inside Quartz after that request ({@code carillon
 * node-a POST /api/v1/jobs/g/n/resume}), so that a request holding the cluster lock can be named by
 * {@link io.carillon.server.quartz.schema.ClusterLockHolderDao}. A servlet filter puts the request
 * on the thread. With the stock store the connections Quartz borrows on that thread carry it as
 * their {@code application_name} until handed back (two short statements per Quartz call); the
 * set-based store adds it for the length of a transaction, and only in those that take a lock row
 * (one statement each). The firing path pays for neither.
 */
public final class RequestSessionNames implements Filter {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
  private static final int MAX_LENGTH = 60;
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9 ._/~%-]");

  /** The request on this thread, or null outside one. */
  public static String current() {
    return CURRENT.get();
  }

  /** Sets {@code session}'s name to {@code base} plus the current request, if there is one. */
  public static boolean tag(Connection session, String base) throws SQLException {
    String request = CURRENT.get();
    if (request == null) {
      return false;
    }
    session.setClientInfo("ApplicationName", base + " " + request);
    return true;
  }

  /** Gives {@code session} its plain name back. */
  public static void untag(Connection session, String base) throws SQLException {
    session.setClientInfo("ApplicationName", base);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http) {
      String line = http.getMethod() + " " + http.getRequestURI();
      // Only safe characters, and short: the name is also what an operator sees in
      // pg_stat_activity.
      CURRENT.set(
          UNSAFE.matcher(line).replaceAll("?").substring(0, Math.min(line.length(), MAX_LENGTH)));
    }
    try {
      chain.doFilter(request, response);
    } finally {
      CURRENT.remove();
    }
  }
}
