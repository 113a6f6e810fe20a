package io.carillon.server.common;

/** A job's key: group and name. */
public record JobId(String group, String name) {
  @Override
  public String toString() {
    return group + "/" + name;
  }
}
