package io.carillon.jobs.shell;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last few lines a command printed (stdout and stderr are one stream), kept as it runs so a
 * failure can say why in one line: {@code command exited with status 2: ls: cannot access ...}.
 */
final class OutputTail {
  static final int LINES = 3;
  static final int MAX_CHARS = 300;

  private final Deque<String> lines = new ArrayDeque<>();
  private final StringBuilder partial = new StringBuilder();

  synchronized void add(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        push(partial.toString());
        partial.setLength(0);
      } else if (partial.length() < MAX_CHARS) {
        partial.append(c);
      }
    }
  }

  /** The last non-blank lines joined with " | ", at most {@link #MAX_CHARS}; "" when none. */
  synchronized String text() {
    Deque<String> all = new ArrayDeque<>(lines);
    if (!partial.toString().isBlank()) {
      all.addLast(partial.toString().strip());
      if (all.size() > LINES) {
        all.removeFirst();
      }
    }
    String joined = String.join(" | ", all);
    return joined.length() <= MAX_CHARS
        ? joined
        : "..." + joined.substring(joined.length() - MAX_CHARS);
  }

  private void push(String line) {
    if (line.isBlank()) {
      return;
    }
    lines.addLast(line.strip());
    if (lines.size() > LINES) {
      lines.removeFirst();
    }
  }
}
