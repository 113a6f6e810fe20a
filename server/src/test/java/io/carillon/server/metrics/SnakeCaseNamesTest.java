package io.carillon.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnakeCaseNamesTest {
  @Test
  void camel_case_dropwizard_names_become_snake_case() {
    assertThat(SnakeCaseNames.snakeCase("carillon.pool.ActiveConnections", false))
        .isEqualTo("carillon_pool_active_connections");
    assertThat(SnakeCaseNames.snakeCase("TimeBoundHealthCheck.pool.running", false))
        .isEqualTo("time_bound_health_check_pool_running");
    assertThat(SnakeCaseNames.snakeCase("jvm.gc.G1-Old-Generation.time", false))
        .isEqualTo("jvm_gc_g1_old_generation_time");
  }

  @Test
  void a_count_suffix_is_kept_only_on_summaries_and_histograms() {
    assertThat(SnakeCaseNames.snakeCase("jvm.threads.blocked.count", false))
        .isEqualTo("jvm_threads_blocked");
    assertThat(SnakeCaseNames.snakeCase("requests.count", true)).isEqualTo("requests_count");
  }
}
