package io.carillon.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValidationTest {

  /** A type whose schema has one parameter of each kind. */
  static final class EveryKind implements JobType {
    @Override
    public String name() {
      return "every-kind";
    }

    @Override
    public String description() {
      return "test";
    }

    @Override
    public List<ParameterSpec> parameters() {
      return List.of(
          ParameterSpec.required("text", ParameterType.STRING, "").withMaxLength(5),
          ParameterSpec.optional("count", ParameterType.INTEGER, "")
              .withMin(1)
              .withMax(10)
              .withDefault(3),
          ParameterSpec.optional("flag", ParameterType.BOOLEAN, ""),
          ParameterSpec.optional("wait", ParameterType.DURATION, "").withDefault("PT30S"),
          ParameterSpec.optional("items", ParameterType.LIST, "").withMin(1).withMax(2),
          ParameterSpec.optional("labels", ParameterType.MAP, ""),
          ParameterSpec.optional("mode", ParameterType.ENUM, "").withAllowedValues("fast", "slow"));
    }

    @Override
    public List<FieldError> check(JobParameters params, JobTypeSettings settings) {
      return params.string("text").equals("bad")
          ? List.of(FieldError.param("text", "must not be bad"))
          : List.of();
    }

    @Override
    public void run(JobContext context) {}
  }

  private final JobTypeRegistry registry =
      new JobTypeRegistry(List.of(new EveryKind()), JobTypeSettings.defaults());

  private List<FieldError> errorsFor(String type, Map<String, ?> raw) {
    try {
      registry.validate(type, raw);
    } catch (InvalidParametersException e) {
      return e.errors();
    }
    throw new AssertionError("expected " + raw + " to be rejected");
  }

  @Test
  void typed_values_come_back_with_defaults_applied() {
    JobParameters params =
        registry.validate(
            "every-kind",
            Map.of(
                "text",
                "hi",
                "flag",
                true,
                "items",
                List.of("a"),
                "labels",
                Map.of("k", "v"),
                "mode",
                "slow"));

    assertThat(params.string("text")).isEqualTo("hi");
    assertThat(params.integer("count")).isEqualTo(3L);
    assertThat(params.bool("flag")).isTrue();
    assertThat(params.duration("wait")).isEqualTo(Duration.ofSeconds(30));
    assertThat(params.list("items")).containsExactly("a");
    assertThat(params.map("labels")).containsEntry("k", "v");
    assertThat(params.string("mode")).isEqualTo("slow");
    assertThat(params.toJsonMap()).containsEntry("wait", "PT30S").containsEntry("count", 3L);
  }

  @Test
  void normalised_json_validates_to_the_same_parameters() {
    JobParameters params = registry.validate("every-kind", Map.of("text", "hi", "wait", "P1D"));

    assertThat(registry.validateJson("every-kind", params.toJson())).isEqualTo(params);
  }

  @Test
  void unknown_and_missing_parameters_are_both_reported() {
    assertThat(errorsFor("every-kind", Map.of("colour", "red")))
        .containsExactly(
            new FieldError("params.colour", "unknown parameter"),
            new FieldError("params.text", "is required"));
  }

  @Test
  void null_counts_as_not_set() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("text", null);
    assertThat(errorsFor("every-kind", raw))
        .containsExactly(new FieldError("params.text", "is required"));
  }

  @Test
  void wrong_types_are_named_per_field() {
    assertThat(
            errorsFor(
                "every-kind",
                Map.of(
                    "text",
                    5,
                    "count",
                    "7",
                    "flag",
                    "yes",
                    "wait",
                    "30 seconds",
                    "items",
                    List.of("a", 2),
                    "labels",
                    Map.of("k", 1),
                    "mode",
                    "medium")))
        .containsExactly(
            new FieldError("params.text", "must be a string"),
            new FieldError("params.count", "must be an integer"),
            new FieldError("params.flag", "must be a boolean"),
            new FieldError("params.wait", "must be an ISO-8601 duration such as PT30S"),
            new FieldError("params.items[1]", "must be a string"),
            new FieldError("params.labels.k", "must be a string"),
            new FieldError("params.mode", "must be one of fast, slow"));
  }

  @Test
  void bounds_and_lengths_are_enforced() {
    assertThat(errorsFor("every-kind", Map.of("text", "toolong", "count", 0, "items", List.of())))
        .containsExactly(
            new FieldError("params.text", "must be at most 5 characters long"),
            new FieldError("params.count", "must be at least 1"),
            new FieldError("params.items", "must have at least 1 items"));
    assertThat(
            errorsFor(
                "every-kind", Map.of("text", "ok", "count", 11, "items", List.of("a", "b", "c"))))
        .containsExactly(
            new FieldError("params.count", "must be at most 10"),
            new FieldError("params.items", "must have at most 2 items"));
  }

  @Test
  void fractional_numbers_are_not_integers_but_integral_decimals_are() {
    assertThat(errorsFor("every-kind", Map.of("text", "ok", "count", 2.5)))
        .containsExactly(new FieldError("params.count", "must be an integer"));
    assertThat(
            registry
                .validate("every-kind", Map.of("text", "ok", "count", new BigDecimal("4.0")))
                .integer("count"))
        .isEqualTo(4L);
  }

  @Test
  void negative_durations_are_rejected() {
    assertThat(errorsFor("every-kind", Map.of("text", "ok", "wait", "-PT1S")))
        .containsExactly(new FieldError("params.wait", "must not be negative"));
  }

  @Test
  void the_type_gets_to_add_its_own_checks_after_the_schema() {
    assertThat(errorsFor("every-kind", Map.of("text", "bad")))
        .containsExactly(new FieldError("params.text", "must not be bad"));
  }

  @Test
  void an_unknown_type_is_an_error_on_the_type_field() {
    assertThat(errorsFor("nope", Map.of()))
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.field()).isEqualTo("type");
              assertThat(error.message())
                  .startsWith("unknown job type 'nope'")
                  .contains("every-kind");
            });
    assertThat(errorsFor(null, Map.of())).containsExactly(new FieldError("type", "is required"));
  }

  @Test
  void stored_parameters_that_are_not_a_json_object_are_rejected() {
    assertThatThrownBy(() -> registry.validateJson("every-kind", "[1, 2]"))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(new FieldError("params", "must be a JSON object")));
  }

  @Test
  void the_exception_message_lists_every_error() {
    assertThatThrownBy(() -> registry.validate("every-kind", Map.of("x", 1)))
        .hasMessage("params.x unknown parameter; params.text is required");
  }
}
