package io.carillon.jobs.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CappedOutputTest {

  @Test
  void output_under_the_cap_is_kept_whole() {
    CappedOutput output = new CappedOutput(1024);
    output.write("hello ");
    output.line("world");

    assertThat(output.text()).isEqualTo("hello world\n");
    assertThat(output.truncated()).isFalse();
  }

  @Test
  void output_over_the_cap_keeps_its_beginning_and_its_end() {
    CappedOutput output = new CappedOutput(1024);
    output.line("FIRST LINE");
    for (int i = 0; i < 1000; i++) {
      output.line("line " + i);
    }
    output.line("LAST LINE: the error");

    String text = output.text();
    assertThat(output.truncated()).isTrue();
    assertThat(text)
        .startsWith("FIRST LINE\n")
        .endsWith("LAST LINE: the error\n")
        .contains("bytes of output omitted");
    String withoutMarker =
        text.replaceAll("\n\\[\\.\\.\\. \\d+ bytes of output omitted \\.\\.\\.\\]\n", "");
    assertThat(withoutMarker.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(1024);
  }

  @Test
  void multi_byte_characters_are_counted_in_bytes_and_never_split() {
    CappedOutput output = new CappedOutput(1024);
    String ring = "\u00e9\ud83d\udd14"; // é and a bell emoji: 2 + 4 bytes
    for (int i = 0; i < 1000; i++) {
      output.write(ring);
    }

    String text = output.text();
    String kept = text.replaceAll("\n\\[\\.\\.\\. \\d+ bytes of output omitted \\.\\.\\.\\]\n", "");
    assertThat(kept.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(1024);
    assertThat(kept.chars().filter(c -> Character.isSurrogate((char) c)).count()).isEven();
    assertThat(kept.replace("\u00e9", "").replace("\ud83d\udd14", "")).isEmpty();
  }
}
