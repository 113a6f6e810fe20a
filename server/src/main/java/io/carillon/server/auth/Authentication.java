package io.carillon.server.auth;

import io.carillon.server.common.Caller;
import io.carillon.server.common.Role;
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
  private final ClientAddresses addresses;

  @Context private HttpServletRequest servletRequest;

  public Authentication(ApiKeys keys, FailedAttempts attempts, ClientAddresses addresses) {
    this.keys = keys;
    this.attempts = attempts;
    this.addresses = addresses;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (PUBLIC.contains(request.getUriInfo().getPath())) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    Optional<String> presented = bearer(header);
    if (presented.isEmpty()) {
      request.abortWith(
          Problems.unauthorized("an API key is required: send 'Authorization: Bearer <key>'"));
      return;
    }
    // A valid key always passes, from whatever address: the brake below slows only guesses, so
    // that nobody (behind a shared proxy address, say) can lock the real users out.
    Optional<Caller> caller = keys.authenticate(presented.get());
    if (caller.isPresent()) {
      boolean secure = request.getSecurityContext().isSecure();
      request.setSecurityContext(new CallerContext(caller.get(), secure));
      return;
    }
    request.abortWith(refusal(attempts, addresses.of(servletRequest)));
  }

  /** The key in an {@code Authorization: Bearer KEY} header, if the header has that form. */
  static Optional<String> bearer(String header) {
    if (header == null
        || header.length() <= BEARER.length()
        || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      return Optional.empty();
    }
    return Optional.of(header.substring(BEARER.length()).strip());
  }

  /**
   * The answer to a wrong key: 429 while the address is locked out (not counted again), else 401
   * and one more failure for the address.
   */
  static jakarta.ws.rs.core.Response refusal(FailedAttempts attempts, String address) {
    Optional<Duration> locked = attempts.lockedOut(address);
    if (locked.isPresent()) {
      return Problems.tooManyAttempts(Math.max(1, locked.get().toSeconds()));
    }
    attempts.failed(address);
    return Problems.unauthorized("the API key is unknown or revoked");
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
