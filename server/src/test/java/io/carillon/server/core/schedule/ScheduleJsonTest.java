package io.carillon.server.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JSON shapes of SPEC §4, read and written with the application's own mapper. */
class ScheduleJsonTest {
  private final ObjectMapper json = Jackson.newObjectMapper();

  @Test
  void the_three_schedule_forms_read_from_camel_case_json() throws Exception {
    assertThat(
            json.readValue(
                "{\"cron\":\"0 0 */6 * * ?\",\"timeZone\":\"Europe/Zurich\"}", ScheduleSpec.class))
        .isEqualTo(ScheduleSpec.cron("0 0 */6 * * ?", "Europe/Zurich"));
    assertThat(
            json.readValue(
                "{\"every\":\"P1M\",\"startAt\":\"2027-01-31T09:00:00Z\",\"endAt\":\"2028-01-31T09:00:00Z\"}",
                ScheduleSpec.class))
        .isEqualTo(
            new ScheduleSpec(
                null,
                null,
                "P1M",
                Instant.parse("2027-01-31T09:00:00Z"),
                Instant.parse("2028-01-31T09:00:00Z"),
                null));
    assertThat(json.readValue("{\"at\":\"2027-02-01T12:00:00Z\"}", ScheduleSpec.class))
        .isEqualTo(ScheduleSpec.at(Instant.parse("2027-02-01T12:00:00Z")));
  }

  @Test
  void a_schedule_is_written_without_the_fields_its_form_does_not_use() throws Exception {
    assertThat(json.writeValueAsString(ScheduleSpec.cron("0 0 1 * * ?", "UTC")))
        .isEqualTo("{\"cron\":\"0 0 1 * * ?\",\"timeZone\":\"UTC\"}");
    assertThat(json.writeValueAsString(ScheduleSpec.at(Instant.parse("2027-02-01T12:00:00Z"))))
        .isEqualTo("{\"at\":\"2027-02-01T12:00:00Z\"}");
  }

  @Test
  void a_misfire_policy_reads_and_writes_as_its_kebab_case_name() throws Exception {
    assertThat(json.readValue("\"fire-now\"", MisfirePolicy.class))
        .isEqualTo(MisfirePolicy.FIRE_NOW);
    assertThat(json.readValue("\"skip\"", MisfirePolicy.class)).isEqualTo(MisfirePolicy.SKIP);
    assertThat(json.readValue("\"catch-up\"", MisfirePolicy.class))
        .isEqualTo(MisfirePolicy.CATCH_UP);
    assertThat(json.writeValueAsString(MisfirePolicy.CATCH_UP)).isEqualTo("\"catch-up\"");
  }

  @Test
  void an_unknown_misfire_policy_in_json_fails_with_the_allowed_values() {
    assertThatThrownBy(() -> json.readValue("\"later\"", MisfirePolicy.class))
        .isInstanceOf(JsonMappingException.class)
        .hasRootCauseInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("unknown misfire policy 'later'; allowed: fire-now, skip, catch-up");
  }
}
