package io.carillon.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.api.Problem;
import io.carillon.server.common.Caller;
import io.carillon.server.common.Role;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Guards the admin port's tasks ({@code /tasks/*}: drain, standby, resume, log-level, gc), which
 * change what a node does: they need an admin API key, and a request a browser sent from another
 * site (a page posting {@code text/plain} to localhost) is refused before the key is even looked
 * at. Wrong keys count against the same failed-login brake as the API's.
 */
public final class AdminTaskGuard implements Filter {
  /** Sec-Fetch-Site values of requests no other site made. */
  private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

  private final ApiKeys keys;
  private final FailedAttempts attempts;
  private final ClientAddresses addresses;
  private final ObjectMapper json;

  public AdminTaskGuard(
      ApiKeys keys, FailedAttempts attempts, ClientAddresses addresses, ObjectMapper json) {
    this.keys = keys;
    this.attempts = attempts;
    this.addresses = addresses;
    this.json = json;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse answer = (HttpServletResponse) response;
    if (crossSite(http)) {
      refuse(
          answer,
          Problem.of(
              403,
              "forbidden",
              "Forbidden",
              "admin tasks refuse requests sent by a browser from another site (Origin or"
                  + " Sec-Fetch-Site); call them with curl or a script"));
      return;
    }
    Optional<String> presented = Authentication.bearer(http.getHeader("Authorization"));
    if (presented.isEmpty()) {
      answer.setHeader("WWW-Authenticate", "Bearer realm=\"carillon-admin\"");
      refuse(
          answer,
          Problem.of(
              401,
              "unauthorized",
              "Unauthorized",
              "admin tasks need an admin API key: send 'Authorization: Bearer <key>'"));
      return;
    }
    Optional<Caller> caller = keys.authenticate(presented.get());
    if (caller.isEmpty()) {
      wrongKey(answer, addresses.of(http));
      return;
    }
    if (!caller.get().role().includes(Role.ADMIN)) {
      refuse(
          answer,
          Problem.of(
              403,
              "forbidden",
              "Forbidden",
              "admin tasks need the admin role; the key '"
                  + caller.get().name()
                  + "' has "
                  + caller.get().role().wireName()));
      return;
    }
    chain.doFilter(request, response);
  }

  private void wrongKey(HttpServletResponse answer, String address) throws IOException {
    Optional<Duration> locked = attempts.lockedOut(address);
    if (locked.isPresent()) {
      long seconds = Math.max(1, locked.get().toSeconds());
      answer.setHeader("Retry-After", Long.toString(seconds));
      refuse(
          answer,
          Problem.of(
              429,
              "too-many-requests",
              "Too many requests",
              "too many failed authentications from this address; retry in " + seconds + " s"));
      return;
    }
    attempts.failed(address);
    answer.setHeader("WWW-Authenticate", "Bearer realm=\"carillon-admin\"");
    refuse(
        answer,
        Problem.of(401, "unauthorized", "Unauthorized", "the API key is unknown or revoked"));
  }

  /** Sent from a page of another origin: Sec-Fetch-Site says so, or Origin is not this server. */
  static boolean crossSite(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !OWN_SITE.contains(site.strip().toLowerCase(Locale.ROOT))) {
      return true;
    }
    String origin = request.getHeader("Origin");
    return origin != null && !sameOrigin(origin, request);
  }

  private static boolean sameOrigin(String origin, HttpServletRequest request) {
    try {
      URI uri = URI.create(origin.strip());
      String host = request.getHeader("Host");
      return uri.getScheme() != null
          && uri.getScheme().equalsIgnoreCase(request.getScheme())
          && uri.getRawAuthority() != null
          && uri.getRawAuthority().equalsIgnoreCase(host == null ? "" : host.strip());
    } catch (IllegalArgumentException e) {
      return false; // "null" (a sandboxed page) or garbage: not this server.
    }
  }

  private void refuse(HttpServletResponse answer, Problem problem) throws IOException {
    answer.setStatus(problem.status());
    answer.setContentType(Problem.MEDIA_TYPE);
    answer.setHeader("Cache-Control", "no-store");
    json.writeValue(answer.getOutputStream(), problem);
  }
}
