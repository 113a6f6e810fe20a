package io.carillon.server.resources;

import io.carillon.server.common.InvalidInputException;

/**
 * The {@code limit} query parameter of a listing: a whole number. Its range is the service's rule
 * (each listing has its own largest page), so it is checked there.
 */
final class LimitParameter {
  private LimitParameter() {}

  static int parse(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("limit", "must be a whole number");
    }
  }
}
