package io.carillon.server.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** Who is calling: the API key that authenticated the request, by id, name and role. */
public record Caller(String keyId, String name, Role role) implements Principal {
  /** The caller of an authenticated request; every non-public endpoint has one. */
  public static Caller of(SecurityContext security) {
    if (security != null && security.getUserPrincipal() instanceof Caller caller) {
      return caller;
    }
    throw new IllegalStateException("request was not authenticated");
  }

  @Override
  public String getName() {
    return name;
  }
}
