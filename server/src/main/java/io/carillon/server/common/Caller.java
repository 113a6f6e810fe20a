package io.carillon.server.common;

import java.security.Principal;

/** Who is calling: the API key that authenticated the request, by id, name and role. */
public record Caller(String keyId, String name, Role role) implements Principal {
  @Override
  public String getName() {
    return name;
  }
}
