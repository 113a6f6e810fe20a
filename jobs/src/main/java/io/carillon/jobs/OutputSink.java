package io.carillon.jobs;

/** Where a running job writes the text operators read later; safe to use from several threads. */
public interface OutputSink {

  /** Appends text; beyond the configured cap the middle of the output is dropped, not the end. */
  void write(String text);

  /** Appends text and a line break. */
  default void line(String text) {
    write(text + "\n");
  }
}
