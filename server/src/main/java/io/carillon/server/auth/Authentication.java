package io.carillon.server.auth;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every API request, before Jersey even matches it to a resource, so that no path (an
 * unknown one included) answers anything but 401 without a valid key. Only the OpenAPI document is
 * public.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class Authentication implements ContainerRequestFilter {
  /** Paths, relative to the API root, that anyone may read. */
  public static final Set<String> PUBLIC = Set.of("openapi.json", "openapi.yaml");

  private static final String BEARER = "bearer ";

  private final ApiKeys keys;
  private final FailedAttempts attempts;

  @Context private HttpServletRequest servletRequest;

  public Authentication(ApiKeys keys, FailedAttempts attempts) {
    this.keys = keys;
    this.attempts = attempts;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (PUBLIC.contains(request.getUriInfo().getPath())) {
      return;
    }
    String address = address();
    Optional<Duration> locked = attempts.lockedOut(address);
    if (locked.isPresent()) {
      request.abortWith(Problems.tooManyAttempts(Math.max(1, locked.get().toSeconds())));
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null
        || header.length() <= BEARER.length()
        || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      request.abortWith(
          Problems.unauthorized("an API key is required: send 'Authorization: Bearer <key>'"));
      return;
    }
    Optional<Caller> caller = keys.authenticate(header.substring(BEARER.length()).strip());
    if (caller.isEmpty()) {
      attempts.failed(address);
      request.abortWith(Problems.unauthorized("the API key is unknown or revoked"));
      return;
    }
    boolean secure = request.getSecurityContext().isSecure();
    request.setSecurityContext(new CallerContext(caller.get(), secure));
  }

  private String address() {
    try {
      String address = servletRequest == null ? null : servletRequest.getRemoteAddr();
      return address == null ? "unknown" : address;
    } catch (IllegalStateException e) {
      return "unknown";
    }
  }

  /** The security context of an authenticated request: its caller and role. */
  private record CallerContext(Caller caller, boolean secure) implements SecurityContext {
    @Override
    public Caller getUserPrincipal() {
      return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
      Role asked = Role.parse(role);
      return asked != null && caller.role().includes(asked);
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return "Bearer";
    }
  }
}
