package io.carillon.server;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;

/** Where this server answers, for people: {@code http://localhost:8080}. */
final class BaseUrl {
  private BaseUrl() {}

  static String of(CarillonConfiguration config) {
    if (config.getServerFactory() instanceof DefaultServerFactory server
        && !server.getApplicationConnectors().isEmpty()
        && server.getApplicationConnectors().get(0) instanceof HttpConnectorFactory http) {
      String host = http.getBindHost();
      boolean any = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::");
      String scheme = http instanceof HttpsConnectorFactory ? "https" : "http";
      return scheme
          + "://"
          + (any ? "localhost" : host)
          + ":"
          + (http.getPort() == 0 ? "PORT" : http.getPort());
    }
    return "http://localhost:8080";
  }
}
