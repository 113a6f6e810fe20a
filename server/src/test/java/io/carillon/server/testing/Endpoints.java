package io.carillon.server.testing;

import io.carillon.server.CarillonConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Carillon's endpoints as Jersey itself lists them at start-up: what the server really serves. */
public final class Endpoints {
  /** One endpoint: method, path under the API root (such as /v1/jobs/{group}), serving class. */
  public record Endpoint(String method, String path, String owner) {
    /** The path with each {parameter} replaced by a harmless value, ready to call. */
    public String concretePath() {
      return path.replaceAll("\\{[^}]+}", "nothing-here");
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static final Pattern ENDPOINT =
      Pattern.compile("^\\s+(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\\s+(\\S+)\\s+\\((\\S+)\\)");

  private Endpoints() {}

  public static List<Endpoint> carillon(DropwizardAppExtension<CarillonConfiguration> app) {
    String info = app.getEnvironment().jersey().getResourceConfig().getEndpointsInfo();
    List<Endpoint> endpoints = new ArrayList<>();
    for (String line : info.split("\n")) {
      Matcher matcher = ENDPOINT.matcher(line);
      if (matcher.find() && matcher.group(3).startsWith("io.carillon.")) {
        endpoints.add(
            new Endpoint(
                matcher.group(1), matcher.group(2).replaceFirst("^/api", ""), matcher.group(3)));
      }
    }
    return endpoints;
  }
}
