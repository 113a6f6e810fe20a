package io.carillon.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationTest {
  private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void the_error_is_its_first_line_without_the_stack_trace() {
    Notification notification =
        failure("java.io.IOException: disk full\n\tat a.b.C.d(C.java:1)\n\tat e.f.G.h(G.java:2)");

    assertThat(notification.error()).isEqualTo("java.io.IOException: disk full");
  }

  @Test
  void credentials_in_a_url_are_cut_out_of_the_error() {
    Notification notification =
        failure("cannot reach https://deploy:s3cret@example.com/hook and ftp://u:p@h/x");

    assertThat(notification.error())
        .isEqualTo("cannot reach https://***@example.com/hook and ftp://***@h/x")
        .doesNotContain("s3cret");
  }

  @Test
  void a_very_long_error_is_shortened() {
    assertThat(failure("x".repeat(5000)).error()).hasSize(Notification.MAX_ERROR_CHARS + 3);
  }

  @Test
  void the_webhook_body_has_the_event_the_job_the_execution_and_the_node() throws Exception {
    String json = new ObjectMapper().writeValueAsString(failure("boom").toJson());

    assertThat(json)
        .isEqualTo(
            "{\"event\":\"failure\",\"job\":{\"group\":\"reports\",\"name\":\"nightly\"}"
                + ",\"execution\":{\"id\":\"e-1\",\"status\":\"FAILED\",\"attempt\":3"
                + ",\"startedAt\":\"2026-01-01T10:00:00Z\",\"finishedAt\":\"2026-01-01T10:00:02Z\""
                + ",\"durationMs\":2000,\"error\":\"boom\"},\"node\":\"node-a\"}");
  }

  @Test
  void the_text_reads_as_a_sentence_then_the_details() {
    assertThat(failure("boom").text())
        .startsWith("Carillon: reports/nightly failed (FAILED, attempt 3)\n")
        .contains("Execution: e-1\n")
        .contains("Node: node-a\n")
        .endsWith("Error: boom\n");
  }

  static Notification failure(String error) {
    return new Notification(
        NotificationEvent.FAILURE,
        "reports",
        "nightly",
        "e-1",
        "FAILED",
        3,
        START,
        START.plusSeconds(2),
        2000,
        error,
        "node-a");
  }
}
