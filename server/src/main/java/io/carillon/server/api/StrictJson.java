package io.carillon.server.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.carillon.server.common.InvalidInputException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the API reads JSON: a value is taken only as the type it is sent as ({@code "name": 1.5} and
 * {@code "at": 0} are errors, not "1.5" and 1970), a key sent twice is an error rather than the
 * last one winning, and no string may hold a NUL character, which PostgreSQL cannot store and no
 * path or command may contain. Each refusal names the field; see {@code JsonProblemMapper}.
 */
public final class StrictJson {
  private static final List<CoercionInputShape> SCALARS =
      List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);

  private StrictJson() {}

  /** Applies the rules to the application's mapper, the one Jersey reads request bodies with. */
  public static ObjectMapper configure(ObjectMapper mapper) {
    mapper.setConfig(
        mapper.getDeserializationConfig().without(MapperFeature.ALLOW_COERCION_OF_SCALARS));
    // ALLOW_COERCION_OF_SCALARS does not cover strings: numbers and booleans become text unless
    // the textual coercions are refused one by one.
    SCALARS.forEach(
        shape ->
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail));
    mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    // A float in free-form params keeps its exact value, and one beyond a double (1e400) stays a
    // number that the checks can refuse instead of becoming Infinity.
    return mapper
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .registerModule(
            new SimpleModule("carillon-strict-json")
                .addDeserializer(String.class, new NulFreeString())
                .addDeserializer(Instant.class, new IsoInstant()));
  }

  /**
   * Undoes the type rules for YAML configuration files, where {@code password: 1234} is a number to
   * the YAML parser but meant as text, and environment variables substitute text for numbers.
   */
  public static ObjectMapper lenient(ObjectMapper mapper) {
    mapper.setConfig(
        mapper.getDeserializationConfig().with(MapperFeature.ALLOW_COERCION_OF_SCALARS));
    SCALARS.forEach(
        shape ->
            mapper
                .coercionConfigFor(LogicalType.Textual)
                .setCoercion(shape, CoercionAction.TryConvert));
    return mapper.enable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
  }

  /** Strings as Jackson reads them, without NUL characters. */
  private static final class NulFreeString extends StringDeserializer {
    private static final long serialVersionUID = 1L;

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = super.deserialize(parser, context);
      if (text != null && text.indexOf('\0') >= 0) {
        // Jackson wraps this with the path of the field, which JsonProblemMapper names.
        throw new InvalidInputException("", "must not contain NUL characters (\\u0000)");
      }
      return text;
    }
  }

  /**
   * Instants only as ISO-8601 text such as {@code 2026-01-31T09:00:00Z}: not epoch numbers, and not
   * strings of digits, which Jackson would otherwise read as epoch seconds.
   */
  private static final class IsoInstant extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;
    private static final Pattern ISO = Pattern.compile("[+-]?\\d{4,}-\\d\\d-\\d\\dT.+");
    static final String RULE = "must be an ISO-8601 instant such as 2026-01-31T09:00:00Z";

    IsoInstant() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (Instant) context.handleUnexpectedToken(Instant.class, parser);
      }
      String text = parser.getText().strip();
      if (!ISO.matcher(text).matches()) {
        throw new InvalidInputException("", RULE);
      }
      try {
        return Instant.parse(text);
      } catch (DateTimeException e) {
        throw new InvalidInputException("", RULE);
      }
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.DateTime;
    }
  }
}
