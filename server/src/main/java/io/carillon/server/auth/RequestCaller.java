package io.carillon.server.auth;

import io.carillon.server.common.Caller;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Reads the {@link Caller} a request was authenticated as. Kept out of {@code Caller} so that the
 * shared types do not depend on JAX-RS.
 */
public final class RequestCaller {
  private RequestCaller() {}

  /** The caller of an authenticated request; every non-public endpoint has one. */
  public static Caller of(SecurityContext security) {
    if (security != null && security.getUserPrincipal() instanceof Caller caller) {
      return caller;
    }
    throw new IllegalStateException("request was not authenticated");
  }
}
