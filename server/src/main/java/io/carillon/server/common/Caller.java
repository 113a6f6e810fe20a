package io.carillon.server.common;

import java.security.Principal;

/** Who is calling: the API key that authenticated the request, by id, name and role. */
public record Caller(String keyId, String name, Role role) implements Principal {
  /**
   * What Carillon does by itself (the first admin key, a pause that ends) is audited as this actor.
   */
  public static final Caller CARILLON = new Caller("carillon", "carillon", Role.ADMIN);

  /**
   * What the configuration file makes at start-up (its jobs, its keys) is audited as the file, by
   * its name (the audit log's column holds 100 characters).
   */
  public static Caller configuration(String file) {
    String name = java.nio.file.Path.of(file).getFileName().toString();
    return new Caller("config", name.length() > 100 ? name.substring(0, 100) : name, Role.ADMIN);
  }

  @Override
  public String getName() {
    return name;
  }
}
