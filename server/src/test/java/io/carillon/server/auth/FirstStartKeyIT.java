package io.carillon.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.FreePort;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server on a fresh database with no key configured: replicas starting together make
 * one admin key between them, print it once, and store only its hash; later starts print nothing.
 */
class FirstStartKeyIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(FirstStartKeyIT.class);

  private static final Pattern PRINTED =
      Pattern.compile("CARILLON FIRST ADMIN KEY[^:]*: (crl_[A-Za-z0-9_-]+)");

  @TempDir Path workDir;

  @Test
  void the_first_start_prints_one_admin_key_and_a_second_start_prints_none() {
    List<String> printed = new ArrayList<>();
    Map<String, String> envA = env("node-a");
    Map<String, String> envB = env("node-b");
    try (ServerProcess a = ServerProcess.server(workDir.resolve("a"), envA);
        ServerProcess b = ServerProcess.server(workDir.resolve("b"), envB)) {
      a.awaitHealthy();
      b.awaitHealthy();
      String firstOutput = a.output() + b.output();
      Matcher matcher = PRINTED.matcher(firstOutput);
      while (matcher.find()) {
        printed.add(matcher.group(1));
      }
      assertThat(printed).as(firstOutput).hasSize(1);
      String key = printed.get(0);
      // Printed once, with the dashboard and a curl line that uses it, and nowhere else in either
      // replica's output (logs included).
      assertThat(firstOutput.split(Pattern.quote(key), -1)).hasSize(3);
      // Whichever replica made the key names its own address.
      Map<String, String> printer = a.output().contains(key) ? envA : envB;
      String server = "http://localhost:" + printer.get("PORT");
      assertThat(firstOutput)
          .contains("  Dashboard: " + server + "/ (sign in with the key)")
          .contains(
              "  Try it:    curl -H 'Authorization: Bearer "
                  + key
                  + "' "
                  + server
                  + "/api/v1/jobs");

      ApiClient admin = new ApiClient(base(envA), key);
      ApiClient.Reply keys = admin.get("/keys");
      assertThat(keys.status()).as(keys.text()).isEqualTo(200);
      assertThat(keys.json()).hasSize(1);
      assertThat(keys.json().get(0).path("role").asText()).isEqualTo("admin");
      assertThat(keys.json().get(0).path("source").asText()).isEqualTo("first-start");
      assertThat(DB.strings("SELECT key_hash FROM carillon_api_key"))
          .containsExactly(ApiKeys.hash(key));
      // Audited as Carillon's own doing, with the key's metadata and never the key.
      String id = keys.json().get(0).path("id").asText();
      ApiClient.Reply audit = admin.get("/audit?action=key.create");
      assertThat(audit.json().path("items")).as(audit.text()).hasSize(1);
      JsonNode created = audit.json().path("items").get(0);
      assertThat(created.path("actorId").asText()).isEqualTo("carillon");
      assertThat(created.path("target").asText()).isEqualTo("key:" + id);
      assertThat(created.path("after").path("source").asText()).isEqualTo("first-start");
      assertThat(created.toString()).doesNotContain(key).doesNotContain(ApiKeys.hash(key));
      assertThat(a.terminate(Duration.ofSeconds(60))).isEqualTo(143);
    }

    Map<String, String> again = env("node-c");
    try (ServerProcess c = ServerProcess.server(workDir.resolve("c"), again)) {
      c.awaitHealthy();
      assertThat(c.output()).doesNotContain("FIRST ADMIN KEY");
      assertThat(new ApiClient(base(again), printed.get(0)).get("/jobs").status()).isEqualTo(200);
      assertThat(DB.number("SELECT COUNT(*) FROM carillon_api_key")).isEqualTo(1);
      assertThat(DB.number("SELECT COUNT(*) FROM carillon_audit WHERE action = 'key.create'"))
          .as("a later start makes no key and records none")
          .isEqualTo(1);
    }
  }

  private static Map<String, String> env(String nodeId) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", DB.url());
    env.put("DATABASE_USER", DB.user());
    env.put("DATABASE_PASSWORD", DB.password());
    env.put("CARILLON_NODE_ID", nodeId);
    // No key configured: the first start has to make one.
    env.put("CARILLON_ADMIN_KEY", "");
    env.put("PORT", Integer.toString(FreePort.pick()));
    return env;
  }

  private static String base(Map<String, String> env) {
    return "http://127.0.0.1:" + env.get("PORT") + "/api/v1";
  }
}
