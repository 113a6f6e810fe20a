package io.carillon.jobs.quartz;

import io.carillon.jobs.OutputSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Output capped at a number of UTF-8 bytes. Past the cap it keeps the first half and the most
 * recent half, because a failing run's last lines usually say why it failed.
 */
final class CappedOutput implements OutputSink {

  private final int headLimit;
  private final int tailLimit;
  private final StringBuilder head = new StringBuilder();
  private int headBytes;
  private final Deque<String> tail = new ArrayDeque<>();
  private int tailBytes;
  private long droppedBytes;

  CappedOutput(int capBytes) {
    this.headLimit = capBytes / 2;
    this.tailLimit = capBytes - headLimit;
  }

  @Override
  public synchronized void write(String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    String rest = text;
    if (tail.isEmpty() && headBytes < headLimit) {
      int fits = prefixFitting(rest, headLimit - headBytes);
      head.append(rest, 0, fits);
      headBytes += utf8Length(rest.substring(0, fits));
      rest = rest.substring(fits);
    }
    if (!rest.isEmpty()) {
      tail.addLast(rest);
      tailBytes += utf8Length(rest);
      trimTail();
    }
  }

  private void trimTail() {
    while (tailBytes > tailLimit) {
      String first = tail.removeFirst();
      int firstBytes = utf8Length(first);
      int excess = tailBytes - tailLimit;
      if (firstBytes <= excess) {
        tailBytes -= firstBytes;
        droppedBytes += firstBytes;
      } else {
        // Drop just enough characters from the front of this chunk.
        int cut = prefixCovering(first, excess);
        int cutBytes = utf8Length(first.substring(0, cut));
        tail.addFirst(first.substring(cut));
        tailBytes -= cutBytes;
        droppedBytes += cutBytes;
      }
    }
  }

  synchronized boolean truncated() {
    return droppedBytes > 0;
  }

  synchronized String text() {
    StringBuilder text = new StringBuilder(head);
    if (droppedBytes > 0) {
      text.append("\n[... ").append(droppedBytes).append(" bytes of output omitted ...]\n");
    }
    tail.forEach(text::append);
    return text.toString();
  }

  /** The longest prefix (in chars, never splitting a surrogate pair) within the byte budget. */
  private static int prefixFitting(String text, int budget) {
    int used = 0;
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int bytes = utf8Length(new String(Character.toChars(codePoint)));
      if (used + bytes > budget) {
        break;
      }
      used += bytes;
      i += Character.charCount(codePoint);
    }
    return i;
  }

  /** The shortest prefix (in chars) holding at least the given number of bytes. */
  private static int prefixCovering(String text, int bytesNeeded) {
    int used = 0;
    int i = 0;
    while (i < text.length() && used < bytesNeeded) {
      int codePoint = text.codePointAt(i);
      used += utf8Length(new String(Character.toChars(codePoint)));
      i += Character.charCount(codePoint);
    }
    return i;
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
