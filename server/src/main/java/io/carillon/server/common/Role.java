package io.carillon.server.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a key may do; each role includes the ones before it. */
public enum Role {
  /** Reads everything. */
  VIEWER,
  /** Viewer, plus run, pause, resume and interrupt jobs and groups. */
  OPERATOR,
  /** Operator, plus create, change and delete jobs, pause-all and resume-all, keys and audit. */
  ADMIN;

  public boolean includes(Role required) {
    return compareTo(required) >= 0;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code text} (any case), or null when there is no such role. */
  @JsonCreator
  public static Role parse(String text) {
    for (Role role : values()) {
      if (role.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return role;
      }
    }
    return null;
  }
}
