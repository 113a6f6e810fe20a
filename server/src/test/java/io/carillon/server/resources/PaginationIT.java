package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Walking a large listing page by page with the cursor: no job missed, none repeated. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PaginationIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(PaginationIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private static final int JOBS = 10_000;
  private static final int GROUPS = 7;

  /**
   * Rows written as the job store writes on-demand jobs, in one batch: creating 10,000 jobs through
   * the API would make this test about insert speed rather than paging.
   */
  @BeforeAll
  static void storeTenThousandJobs() throws Exception {
    String sql =
        "INSERT INTO carillon_job (sched_name, job_group, job_name, type, description, definition,"
            + " schedule_kind, enabled, version, source, created_at, updated_at)"
            + " VALUES ('carillon', ?, ?, 'noop', NULL, ?, NULL, TRUE, 1, 'api', ?, ?)";
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try (Connection connection = DB.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < JOBS; i++) {
        String group = "g" + (i % GROUPS);
        String name = "job-" + i;
        statement.setString(1, group);
        statement.setString(2, name);
        statement.setString(
            3,
            "{\"group\":\""
                + group
                + "\",\"name\":\""
                + name
                + "\",\"type\":\"noop\",\"params\":{}}");
        statement.setObject(4, now);
        statement.setObject(5, now);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  @Test
  void walking_every_page_returns_each_job_exactly_once_in_key_order() {
    ApiClient api = ApiApp.client(APP);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Reply reply =
          api.get(
              "/jobs?limit=500"
                  + (cursor == null
                      ? ""
                      : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      assertThat(reply.status()).as(reply.text()).isEqualTo(200);
      JsonNode page = reply.json();
      page.path("items")
          .forEach(
              item -> seen.add(item.path("group").asText() + "/" + item.path("name").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
      pages++;
    } while (cursor != null);

    assertThat(seen).hasSize(JOBS);
    Set<String> unique = new HashSet<>(seen);
    assertThat(unique).hasSize(JOBS);
    assertThat(seen).isSorted();
    assertThat(pages).isEqualTo(JOBS / 500);
  }

  @Test
  void a_filtered_walk_sees_only_its_group_and_all_of_it() {
    ApiClient api = ApiApp.client(APP);
    Set<String> seen = new HashSet<>();
    String cursor = null;
    do {
      Reply reply =
          api.get(
              "/jobs?group=g3&limit=97"
                  + (cursor == null
                      ? ""
                      : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      JsonNode page = reply.json();
      page.path("items")
          .forEach(
              item -> {
                assertThat(item.path("group").asText()).isEqualTo("g3");
                assertThat(seen.add(item.path("name").asText())).isTrue();
              });
      cursor = page.path("nextCursor").asText(null);
    } while (cursor != null);

    long expected = java.util.stream.IntStream.range(0, JOBS).filter(i -> i % GROUPS == 3).count();
    assertThat(seen).hasSize((int) expected);
  }
}
