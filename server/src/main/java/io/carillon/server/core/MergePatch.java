package io.carillon.server.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON Merge Patch (RFC 7396), what PATCH on a job takes, and its converse, the field-level
 * differences of two definitions that apply and config.yml's reconciliation show.
 */
public final class MergePatch {
  private MergePatch() {}

  /** {@code field}: a dotted path such as {@code schedule.cron}; a null side is absent. */
  public record FieldDiff(String field, JsonNode before, JsonNode after) {}

  /** RFC 7396: objects merge member by member, null removes, anything else replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    for (var field : patch.properties()) {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  /** Field-level differences of two definitions: objects by member, anything else whole. */
  static List<FieldDiff> diff(JsonNode before, JsonNode after) {
    List<FieldDiff> out = new ArrayList<>();
    diff("", before, after, out);
    return out;
  }

  private static void diff(String path, JsonNode before, JsonNode after, List<FieldDiff> out) {
    if (before != null && after != null && before.isObject() && after.isObject()) {
      Set<String> names = new TreeSet<>();
      before.fieldNames().forEachRemaining(names::add);
      after.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        diff(path.isEmpty() ? name : path + "." + name, before.get(name), after.get(name), out);
      }
    } else if (before == null ? after != null : !equal(before, after)) {
      out.add(new FieldDiff(path, before, after));
    }
  }

  /** Equal JSON values, numbers by value (1 and 1.0 are the same). */
  private static boolean equal(JsonNode a, JsonNode b) {
    return a.equals(MergePatch::compareValues, b);
  }

  private static int compareValues(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
    }
    return a.equals(b) ? 0 : 1;
  }
}
