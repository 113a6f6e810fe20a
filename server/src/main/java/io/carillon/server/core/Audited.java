package io.carillon.server.core;

import io.carillon.server.common.Caller;
import java.util.function.Function;

/**
 * Who makes a change, and how its audit entry shows what the change did: the resource's API view of
 * the result, so that the entry has the shape the caller was answered with (core does not know the
 * wire records).
 */
public record Audited<T>(Caller actor, Function<T, Object> shown) {
  public static <T> Audited<T> by(Caller actor, Function<T, Object> shown) {
    return new Audited<>(actor, shown);
  }

  Object show(T result) {
    return shown.apply(result);
  }
}
