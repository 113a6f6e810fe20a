package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Walks every operation of the served OpenAPI document and sends each path, query and body field a
 * fixed list of bad values (nulls, NULs, control characters, wrong JSON types, huge and tiny
 * numbers, far dates, long strings), one field at a time, everything else valid. No answer may be a
 * 5xx; every refusal is problem+json; a 400 names the field; and values that cannot be right for
 * the field's declared type must be refused. The cases are enumerated, not random: a failure
 * reproduces.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiFuzzIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(OpenApiFuzzIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Stands in a body for the bad value, which is spliced in as text (it may not be JSON). */
  private static final String MARK = "@@bad-value@@";

  /** The type Jetty's own refusals carry (see ProblemErrorHandler); they precede any field. */
  private static final String JETTY_REFUSAL = "/problems/bad-request";

  private final ApiClient api = ApiApp.root(APP);
  private final Set<String> fuzzedBodies = new java.util.HashSet<>();

  /** One request: which operation, which field, what value, and what the answer must be. */
  record Case(
      String in,
      String method,
      String path,
      String query,
      String body,
      String field,
      String value,
      boolean mustRefuse) {
    @Override
    public String toString() {
      String target = path + (query == null ? "" : "?" + query);
      return method + " " + abbreviate(target) + " [" + field + "=" + abbreviate(value) + "]";
    }
  }

  @Test
  void no_bad_input_gets_a_5xx_and_every_refusal_names_its_field() {
    ApiClient v1 = ApiApp.client(APP);
    assertThat(v1.post("/jobs", "{\"group\":\"fuzz\",\"name\":\"job\",\"type\":\"noop\"}").status())
        .isEqualTo(201);
    // Backfill needs fire times in its range: a job with a schedule that no other case changes
    // (the cases on fuzz/job replace and patch it, some without a schedule).
    assertThat(
            v1.post(
                    "/jobs",
                    "{\"group\":\"fuzz\",\"name\":\"scheduled\",\"type\":\"noop\","
                        + "\"schedule\":{\"cron\":\"0 0 */6 * * ?\",\"timeZone\":\"UTC\"}}")
                .status())
        .isEqualTo(201);
    String execution = v1.post("/jobs/fuzz/job/run", "{}").json().path("executionId").asText();
    Map<String, String> pathValues =
        Map.of("group", "fuzz", "name", "job", "id", execution.isEmpty() ? "x" : execution);

    JsonNode document = api.get("/openapi.json").json();
    List<Case> cases = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      Map<String, String> values = pathValues;
      if (path.getKey().endsWith("/backfill")) {
        values = new LinkedHashMap<>(pathValues);
        values.put("name", "scheduled");
      }
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        cases.addAll(
            casesOf(
                document,
                operation.getKey().toUpperCase(Locale.ROOT),
                path.getKey(),
                operation.getValue(),
                values));
      }
    }
    assertThat(cases).hasSizeGreaterThan(1000);

    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      try {
        Reply reply = send(c);
        String failure = judge(c, reply);
        if (failure != null) {
          failures.add(c + " -> " + failure + ": " + abbreviate(reply.toString()));
        }
      } catch (java.io.UncheckedIOException e) {
        failures.add(c + " -> no answer: " + e.getMessage());
      }
    }
    assertThat(failures).as("%d of %d cases", failures.size(), cases.size()).isEmpty();
  }

  private List<Case> casesOf(
      JsonNode document,
      String method,
      String template,
      JsonNode operation,
      Map<String, String> pathValues) {
    List<Case> cases = new ArrayList<>();
    List<JsonNode> parameters = new ArrayList<>();
    operation.path("parameters").forEach(parameters::add);
    String bodyRef = operation.at("/requestBody/content/application~1json/schema/$ref").asText();
    ObjectNode baselineBody = bodyRef.isEmpty() ? null : Baselines.of(bodyRef, method);
    String baseline = baselineBody == null ? null : baselineBody.toString();
    for (JsonNode parameter : parameters) {
      String name = parameter.path("name").asText();
      String in = parameter.path("in").asText();
      for (String value : BadValues.TEXT.keySet()) {
        boolean refuse = BadValues.TEXT.get(value);
        if (in.equals("path")) {
          Map<String, String> values = new LinkedHashMap<>(pathValues);
          values.put(name, value);
          cases.add(
              new Case(in, method, fill(template, values), null, baseline, name, value, refuse));
        } else if (in.equals("query")) {
          cases.add(
              new Case(
                  in,
                  method,
                  fill(template, pathValues),
                  name + "=" + encode(value),
                  baseline,
                  name,
                  value,
                  refuse));
        }
      }
      if (in.equals("header")) {
        // Headers cannot carry control characters at all (the client refuses to send them).
        for (String value : BadValues.HEADERS) {
          cases.add(
              new Case(in, method, fill(template, pathValues), null, baseline, name, value, false));
        }
      }
    }
    // A body schema that two operations share (POST and PUT of a job) goes through the same
    // reading and checks: fuzzing it once keeps the test's run time down.
    if (!bodyRef.isEmpty() && fuzzedBodies.add(bodyRef)) {
      JsonNode schema = resolve(document, bodyRef);
      for (Map.Entry<String, JsonNode> field : fieldsOf(document, schema, "", 0).entrySet()) {
        for (BadValues.Json bad : BadValues.JSON) {
          if (!bad.triedOn().test(field.getValue())) {
            continue;
          }
          ObjectNode body = baselineBody.deepCopy();
          set(body, field.getKey(), NODES.textNode(MARK));
          cases.add(
              new Case(
                  "body",
                  method,
                  fill(template, pathValues),
                  null,
                  body.toString().replace("\"" + MARK + "\"", bad.text()),
                  field.getKey(),
                  abbreviate(bad.text()),
                  bad.wrongFor().test(field.getValue())));
        }
      }
    }
    return cases;
  }

  /** Every field of a body schema by its JSON path, following $refs and free-form maps. */
  private static Map<String, JsonNode> fieldsOf(
      JsonNode document, JsonNode schema, String prefix, int depth) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      String path = prefix + property.getKey();
      JsonNode type =
          property.getValue().has("$ref")
              ? resolve(document, property.getValue().path("$ref").asText())
              : property.getValue();
      fields.put(path, type);
      if (depth < 3) {
        fields.putAll(fieldsOf(document, type, path + ".", depth + 1));
      }
      if (type.has("additionalProperties")) {
        fields.put(path + ".k", type.path("additionalProperties"));
      }
    }
    return fields;
  }

  private Reply send(Case c) {
    String target = c.path() + (c.query() == null ? "" : "?" + c.query());
    if (c.in().equals("header")) {
      return api.send(c.method(), target, "application/json", c.body(), c.field(), c.value());
    }
    return api.send(c.method(), target, "application/json", c.body());
  }

  /** Null when the answer is right; otherwise what is wrong with it. */
  private static String judge(Case c, Reply reply) {
    if (reply.status() >= 500) {
      return "a server error";
    }
    if (reply.status() < 400) {
      return c.mustRefuse() ? "accepted a value that cannot be right" : null;
    }
    if (!String.valueOf(reply.header("Content-Type")).startsWith("application/problem+json")) {
      return "not problem+json";
    }
    if (!"nosniff".equals(reply.header("X-Content-Type-Options"))) {
      return "no security headers";
    }
    if (reply.status() != 400) {
      return null;
    }
    JsonNode problem = reply.json();
    if (problem.path("type").asText().equals(JETTY_REFUSAL)) {
      // Jetty refuses some paths (a NUL, a %2F, an empty segment) before any route, so before
      // any field is known; nothing else may reach it.
      return c.in().equals("path") ? null : "a Jetty refusal of a query or body";
    }
    for (JsonNode error : problem.path("errors")) {
      String field = error.path("field").asText();
      if (field.equals(c.field())
          || field.startsWith(c.field() + ".")
          || field.startsWith(c.field() + "[")
          || c.field().startsWith(field + ".")) {
        return null;
      }
    }
    return "a 400 that does not name " + c.field();
  }

  private static JsonNode resolve(JsonNode document, String ref) {
    return document.at(ref.substring(1));
  }

  private static void set(ObjectNode body, String path, JsonNode value) {
    String[] steps = path.split("\\.");
    ObjectNode node = body;
    for (int i = 0; i < steps.length - 1; i++) {
      JsonNode next = node.get(steps[i]);
      node = next instanceof ObjectNode object ? object : node.putObject(steps[i]);
    }
    node.set(steps[steps.length - 1], value);
  }

  private static String fill(String template, Map<String, String> values) {
    String path = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      path = path.replace("{" + value.getKey() + "}", encode(value.getValue()));
    }
    return path;
  }

  /** Percent-encodes everything but RFC 3986's unreserved characters, as a careful client does. */
  private static String encode(String value) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0) {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return encoded.toString();
  }

  private static String abbreviate(String text) {
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }

  /** A valid body for each request schema, so that each case has exactly one bad field. */
  static final class Baselines {
    private Baselines() {}

    static ObjectNode of(String ref, String method) {
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      ObjectNode body = NODES.objectNode();
      switch (name) {
        // PUT takes the name from the URL.
        case "JobRequest" ->
            body.put("type", "noop").put("name", method.equals("PUT") ? "job" : "fuzz-created");
        case "PreviewRequest" -> body.putObject("schedule").put("every", "PT1M");
        case "KeyRequest" -> body.put("name", "fuzz-key").put("role", "viewer");
        case "RunRequest", "PauseRequest", "CalendarSpec" -> {}
        case "ApplyRequest" ->
            body.putArray("jobs").addObject().put("type", "noop").put("name", "fuzz-applied");
        case "BackfillRequest" ->
            body.put("from", "2020-01-01T00:00:00Z").put("to", "2020-01-02T00:00:00Z");
        default -> throw new AssertionError("no baseline body for " + name + ": add one");
      }
      return body;
    }
  }

  /** The bad values, and for which declared types each one cannot be right. */
  static final class BadValues {
    private BadValues() {}

    /** Header values (If-Match): printable, since nothing else can be sent. */
    static final List<String> HEADERS =
        List.of(
            "yesterday",
            "*",
            "\"\"",
            "\"-1\"",
            "\"1.5\"",
            "\"99999999999999999999\"",
            "W/\"1\"",
            "\"1\", \"2\"",
            "x".repeat(5000));

    /** Query and path values; true where any parameter must refuse it. */
    static final Map<String, Boolean> TEXT = new LinkedHashMap<>();

    static {
      TEXT.put("a\u0000b", true);
      TEXT.put("a\u0001b", true);
      TEXT.put("a\r\nb", true);
      TEXT.put("x".repeat(5000), true);
      TEXT.put("x".repeat(101), false);
      TEXT.put("", false);
      TEXT.put(" ", false);
      TEXT.put(".", false);
      TEXT.put("..", false);
      TEXT.put("%", false);
      TEXT.put("a/b", false);
      TEXT.put("null", false);
      TEXT.put("true", false);
      TEXT.put("-1", false);
      TEXT.put("0", false);
      TEXT.put("1.5", false);
      TEXT.put("1e400", false);
      TEXT.put("99999999999999999999", false);
      TEXT.put("-9223372036854775809", false);
      TEXT.put("+294277-01-01T00:00:00Z", false);
      TEXT.put("-999999999-01-01T00:00:00Z", false);
      TEXT.put("+1000000000-12-31T23:59:59.999999999Z", false);
      TEXT.put("2026-13-45T99:99:99Z", false);
      TEXT.put("\u00e9\u2603\ud834\udd1e", false);
    }

    /**
     * A body value as JSON text, the declared field types it is tried on, and those it cannot be
     * right for.
     */
    record Json(String text, Predicate<JsonNode> triedOn, Predicate<JsonNode> wrongFor) {}

    private static final Predicate<JsonNode> ANY = type -> true;
    private static final Predicate<JsonNode> NONE = type -> false;

    static final List<Json> JSON = new ArrayList<>();

    static {
      add("null", NONE);
      // No string anywhere may hold a NUL; and a string is wrong wherever a number, boolean,
      // array or object is declared.
      add("\"a\\u0000b\"", ANY);
      add("\"a\\r\\nb\"", notA("string"));
      add("\"\"", notA("string"));
      add("\"" + "x".repeat(10_000) + "\"", notA("string"));
      add("\"1\"", notA("string"));
      add("\"true\"", notA("string"));
      // Digits only: Jackson would read them as epoch seconds for an instant.
      add("\"2026\"", notA("string").or(OpenApiFuzzIT::isInstant));
      for (String far :
          List.of(
              "+294277-01-01T00:00:00Z",
              "-999999999-01-01T00:00:00Z",
              "+1000000000-12-31T23:59:59.999999999Z",
              "0000-01-01T00:00:00Z",
              "2026-13-45T99:99:99Z")) {
        add("\"" + far + "\"", OpenApiFuzzIT::isInstant, ANY);
      }
      // Numbers are never strings, booleans, arrays, objects or instants.
      add("0", notA("integer", "number").or(OpenApiFuzzIT::isInstant));
      add("1.5", notA("number"));
      for (String number :
          List.of(
              "-1", "1e400", "-1e400", "1e-400", "99999999999999999999", "-9223372036854775809")) {
        add(number, isA("integer", "number"), notA("number"));
      }
      add("true", notA("boolean"));
      add("[]", notA("array"));
      add("[null]", isA("array"), NONE);
      add("[\"a\\u0000b\"]", ANY);
      add("{}", notA("object"));
      add("{\"k\":\"a\\u0000b\"}", ANY);
      add("{\"\":\"x\"}", isA("object"), NONE);
      add("{\"k\":null}", isA("object"), NONE);
      // Deeper than any parser should follow.
      add("[".repeat(2000) + "]".repeat(2000), ANY);
    }

    /** A value tried on every field. */
    private static void add(String text, Predicate<JsonNode> wrongFor) {
      add(text, ANY, wrongFor);
    }

    private static void add(
        String text, Predicate<JsonNode> triedOn, Predicate<JsonNode> wrongFor) {
      JSON.add(new Json(text, triedOn, wrongFor));
    }

    private static Predicate<JsonNode> isA(String... types) {
      Set<String> these = Set.of(types);
      return type -> these.contains(type.path("type").asText());
    }

    /** Wrong for every declared type except these. */
    private static Predicate<JsonNode> notA(String... types) {
      Set<String> fits = Set.of(types);
      return type -> type.has("type") && !fits.contains(type.path("type").asText());
    }
  }

  private static boolean isInstant(JsonNode type) {
    return "date-time".equals(type.path("format").asText());
  }
}
