package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bodies over {@code maxRequestBytes} (the shipped 256 KiB) are 413s however they are sent: with a
 * Content-Length, or chunked, where the limit is only crossed while the JSON is being read. A body
 * under the limit that nothing reads (the request was refused first) does not cost its answer.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestBodyLimitIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(RequestBodyLimitIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private static final String MEGABYTE_JOB =
      "{\"name\":\"x\",\"type\":\"noop\",\"description\":\"" + "d".repeat(1 << 20) + "\"}";

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void a_chunked_megabyte_is_413_not_400() {
    assertProblem(api.postChunked("/jobs", MEGABYTE_JOB), 413);
    assertThat(DB.number("SELECT count(*) FROM carillon_job")).isZero();
  }

  @Test
  void a_chunked_megabyte_of_free_form_params_is_413_too() {
    String params =
        "{\"name\":\"x\",\"type\":\"noop\",\"params\":{\"fail\":\"" + "d".repeat(1 << 20) + "\"}}";

    assertProblem(api.postChunked("/jobs", params), 413);
  }

  @Test
  void a_request_refused_before_its_body_is_read_still_gets_its_answer() {
    // Refused for its query parameter: nothing reads the 200 KB body, under the limit. Closing the
    // connection under a client still sending it would reset its socket and lose the answer.
    String job =
        "{\"jobs\":[{\"name\":\"x\",\"type\":\"noop\",\"description\":\""
            + "d".repeat(200 << 10)
            + "\"}]}";
    for (int i = 0; i < 5; i++) {
      assertProblem(api.post("/jobs/apply?label=a%00b", job), 400);
    }
    assertThat(DB.number("SELECT count(*) FROM carillon_job")).isZero();
  }

  @Test
  void a_declared_megabyte_is_413() {
    assertProblem(api.post("/jobs", MEGABYTE_JOB), 413);
  }
}
