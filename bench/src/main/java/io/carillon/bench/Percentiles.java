package io.carillon.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** p50, p99 and max of a list of measurements (nearest-rank). */
final class Percentiles {
  private Percentiles() {}

  static Map<String, Object> of(List<Long> values, String unit) {
    long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("p50" + unit, rank(sorted, 0.50));
    out.put("p99" + unit, rank(sorted, 0.99));
    out.put("max" + unit, sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    out.put("count", sorted.length);
    return out;
  }

  static Map<String, Object> ofNanos(List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("p50Ms", rank(sorted, 0.50) / 1e6);
    out.put("p99Ms", rank(sorted, 0.99) / 1e6);
    out.put("maxMs", sorted.length == 0 ? 0.0 : sorted[sorted.length - 1] / 1e6);
    out.put("count", sorted.length);
    return out;
  }

  private static long rank(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
