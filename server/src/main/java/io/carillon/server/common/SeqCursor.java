package io.carillon.server.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of a newest-first listing starts: the last sequence number of the previous
 * page, opaque to clients. Used by the execution history and the audit log.
 */
public final class SeqCursor {
  private SeqCursor() {}

  public static String encode(long seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Long.toString(seq).getBytes(StandardCharsets.UTF_8));
  }

  /** Null for no cursor; a cursor this server did not make is a 400 on {@code cursor}. */
  public static Long decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("cursor", "is not a cursor this server returned");
    }
  }
}
