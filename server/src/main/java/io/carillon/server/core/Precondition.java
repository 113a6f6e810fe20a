package io.carillon.server.core;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a conditional change ({@code If-Match}) requires of the stored job: nothing, that it exists
 * in any version ({@code *}), or that it is at one of some versions. An If-Match whose tags are
 * none of Carillon's versions names an empty set: it matches no version (RFC 9110 §13.1.1).
 */
public record Precondition(boolean requiresExisting, Set<Long> versions) {
  public static final Precondition NONE = new Precondition(false, null);
  public static final Precondition ANY_VERSION = new Precondition(true, null);

  public Precondition {
    versions = versions == null ? null : Set.copyOf(versions);
  }

  public static Precondition version(long version) {
    return versions(Set.of(version));
  }

  /** Any of these versions; none at all when no tag sent was one of Carillon's. */
  public static Precondition versions(Set<Long> versions) {
    return new Precondition(true, versions);
  }

  /** Whether a job stored at {@code storedVersion} may be changed. */
  public boolean accepts(long storedVersion) {
    return versions == null || versions.contains(storedVersion);
  }

  public boolean namesVersion() {
    return versions != null;
  }

  /** The versions asked for, for messages: {@code 3}, {@code 3, 4}, or {@code none}. */
  public String describe() {
    if (versions == null) {
      return "any";
    }
    return versions.isEmpty()
        ? "none that this server issued"
        : String.join(", ", new TreeSet<>(versions).stream().map(String::valueOf).toList());
  }
}
