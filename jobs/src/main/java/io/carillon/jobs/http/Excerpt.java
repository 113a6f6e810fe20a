package io.carillon.jobs.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The start of a response body as text, plus the body's full length. */
record Excerpt(String text, long totalBytes) {

  /** Bodies longer than this are not read to the end; the count then says "at least". */
  static final long MAX_READ_BYTES = 64L * 1024 * 1024;

  static Excerpt read(InputStream body, int excerptBytes) throws IOException {
    try (body) {
      byte[] head = body.readNBytes(excerptBytes);
      long total = head.length;
      byte[] skip = new byte[8192];
      int read;
      while (total < MAX_READ_BYTES && (read = body.read(skip)) != -1) {
        total += read;
      }
      String text = new String(Arrays.copyOf(head, head.length), StandardCharsets.UTF_8);
      if (total > head.length) {
        text += "\n[... " + (total - head.length) + " more bytes not shown ...]";
      }
      return new Excerpt(text.isEmpty() || text.endsWith("\n") ? text : text + "\n", total);
    }
  }
}
