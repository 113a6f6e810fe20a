package io.carillon.server.core;

/**
 * What a conditional change ({@code If-Match}) requires of the stored job: nothing, that it exists
 * in any version ({@code *}), or that it is at one version.
 */
public record Precondition(boolean requiresExisting, Long version) {
  public static final Precondition NONE = new Precondition(false, null);
  public static final Precondition ANY_VERSION = new Precondition(true, null);

  public static Precondition version(long version) {
    return new Precondition(true, version);
  }

  /** Whether a job stored at {@code storedVersion} may be changed. */
  public boolean accepts(long storedVersion) {
    return version == null || version == storedVersion;
  }

  public boolean namesVersion() {
    return version != null;
  }
}
