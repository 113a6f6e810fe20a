package io.carillon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Carillon server processes from the packaged jar, with the bench's scheduler settings as
 * configuration overrides; jobs are created through the REST API.
 */
final class CarillonCluster implements Cluster {
  static final String KEY = "bench-admin-key-0123456789abcdef";

  /** Far in the future: a job that never fires by itself. */
  static final String NEVER = "{\"cron\":\"0 0 3 1 1 ? 2099\",\"timeZone\":\"UTC\"}";

  private final Pg db;
  private final Launch launch;
  private final Path plugins;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  CarillonCluster(Pg db, Launch launch, int nodeCount) throws Exception {
    this.db = db;
    this.launch = launch;
    // Migrated before the nodes start, as an operator would, so they do not race for it.
    Bench.migrate(db, launch);
    db.execute(Bench.RUNS_TABLE);
    plugins = ServiceJar.plugin(launch.workDir().resolve(db.name() + "-plugins"));
    try {
      growTo(nodeCount);
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  @Override
  public void growTo(int total) throws Exception {
    int first = nodes.size();
    for (int i = first; i < total; i++) {
      int port = NodeProcess.freePort();
      int admin = NodeProcess.freePort();
      ports.add(port);
      String id = "carillon-" + i;
      List<String> command = launch.java(launch.jar().toString());
      command.addAll(launch.settings().carillonOverrides());
      if (launch.store() != null) {
        // Only when asked: Dropwizard refuses a key its configuration does not have.
        command.add("-Ddw.scheduler.store=" + launch.store());
      }
      command.addAll(List.of(Launch.CARILLON_MAIN, "server", launch.config().toString()));
      nodes.add(
          NodeProcess.start(
              id,
              command,
              Map.ofEntries(
                  Map.entry("DATABASE_URL", db.url()),
                  Map.entry("DATABASE_USER", db.user()),
                  Map.entry("DATABASE_PASSWORD", db.password()),
                  Map.entry("CARILLON_ADMIN_KEY", KEY),
                  Map.entry("CARILLON_NODE_ID", id),
                  Map.entry("PORT", Integer.toString(port)),
                  Map.entry("ADMIN_PORT", Integer.toString(admin)),
                  Map.entry("CARILLON_PLUGINS", plugins.toString()),
                  Map.entry("BENCH_RECORD_POOL", Integer.toString(launch.settings().threads()))),
              launch.workDir().resolve(db.name() + "-" + id + ".log")));
    }
    for (int i = first; i < nodes.size(); i++) {
      String uri = api(i) + "/jobs?limit=1";
      nodes.get(i).await("healthy", Duration.ofSeconds(180), () -> answers(uri));
    }
  }

  @Override
  public String system() {
    return "carillon";
  }

  @Override
  public Pg db() {
    return db;
  }

  @Override
  public List<NodeProcess> nodes() {
    return nodes;
  }

  String api(int node) {
    return "http://127.0.0.1:" + ports.get(node) + "/api/v1";
  }

  @Override
  public void createOneShots(String group, List<String> names, Instant at) throws Exception {
    Bench.inParallel(
        names,
        name ->
            send(
                "POST",
                "/jobs",
                job(
                    group,
                    name,
                    "{\"at\":\"" + at + "\"}",
                    RECORD,
                    // A write that ends after the fire time (a slow machine) still runs its job,
                    // as raw Quartz and db-scheduler do, instead of being refused as past.
                    params(group, name) + ",\"misfire\":\"fire-now\"",
                    false)));
  }

  @Override
  public void createRepeating(
      String group, List<String> names, List<Instant> startAts, Duration interval, Instant endAt)
      throws Exception {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      indexes.add(i);
    }
    Bench.inParallel(
        indexes,
        i -> {
          String schedule =
              "{\"every\":\"%s\",\"startAt\":\"%s\",\"endAt\":\"%s\"}"
                  .formatted(interval, startAts.get(i), endAt);
          send(
              "POST",
              "/jobs",
              job(group, names.get(i), schedule, RECORD, params(group, names.get(i)), false));
        });
  }

  @Override
  public void createLongRecoverable(String group, String name, Instant at) throws Exception {
    send(
        "POST",
        "/jobs",
        job(
            group,
            name,
            "{\"at\":\"" + at + "\"}",
            "sleep",
            ",\"params\":{\"duration\":\"PT10M\"}",
            true));
  }

  /** The bench's plugin job type: records its own run in bench_fire, as the raw job does. */
  private static final String RECORD = "bench-record";

  private static String params(String group, String name) {
    return ",\"params\":{\"group\":\"%s\",\"name\":\"%s\"}".formatted(group, name);
  }

  static String job(
      String group, String name, String schedule, String type, String extra, boolean recover) {
    return "{\"group\":\"%s\",\"name\":\"%s\",\"type\":\"%s\",\"schedule\":%s,\"recover\":%s%s}"
        .formatted(group, name, type, schedule, recover, extra);
  }

  /** Sends a request to node 0 and returns the body; anything but 2xx is an error. */
  String send(String method, String path, String body) throws Exception {
    return send(0, method, path, body);
  }

  /** Sends a request to the node and returns the body; anything but 2xx is an error. */
  String send(int node, String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api(node) + path))
            .header("Authorization", "Bearer " + KEY)
            .timeout(Duration.ofSeconds(60));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private boolean answers(String uri) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(uri))
                  .header("Authorization", "Bearer " + KEY)
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void stopGroup(String group) throws Exception {
    send("POST", "/groups/" + group + "/pause", null);
  }

  @Override
  public void createRunnable(String group, List<String> names) throws Exception {
    Bench.inParallel(
        names,
        name -> send("POST", "/jobs", job(group, name, NEVER, RECORD, params(group, name), false)));
  }

  @Override
  public void runNow(int node, String group, String name) throws Exception {
    send(node, "POST", "/jobs/" + group + "/" + name + "/run", "{}");
  }

  @Override
  public String runs() {
    // The failover job is Carillon's own sleep type, which records nothing itself.
    return "(SELECT job_group, job_name, node, scheduled_at, started_at, recovering"
        + " FROM bench_fire UNION ALL SELECT job_group, job_name, node_id,"
        + " scheduled_at AT TIME ZONE current_setting('TimeZone'), started_at AT TIME ZONE"
        + " current_setting('TimeZone'), trigger_kind = 'recovery' FROM carillon_execution"
        + " WHERE job_group = 'failover' AND status <> 'SKIPPED') AS runs";
  }

  @Override
  public void close() {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }
}
