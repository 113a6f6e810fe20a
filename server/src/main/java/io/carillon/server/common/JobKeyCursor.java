package io.carillon.server.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Where the next page of jobs starts: the last key of the previous page, opaque to clients. */
public record JobKeyCursor(String group, String name) {
  private static final char SEPARATOR = '\n';

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((group + SEPARATOR + name).getBytes(StandardCharsets.UTF_8));
  }

  /** Null for no cursor; a cursor this server did not make is a 400 on {@code cursor}. */
  public static JobKeyCursor decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int split = text.indexOf(SEPARATOR);
      if (split <= 0 || split == text.length() - 1) {
        throw new IllegalArgumentException("no separator");
      }
      return new JobKeyCursor(text.substring(0, split), text.substring(split + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("cursor", "is not a cursor this server returned");
    }
  }
}
