package io.carillon.server.cli;

import io.carillon.server.common.StartupException;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/** Checks that every configured listening port can be bound, naming the one that cannot. */
final class FreePorts {
  private FreePorts() {}

  static void verify(ServerFactory serverFactory) {
    if (serverFactory instanceof DefaultServerFactory server) {
      verify("server.applicationConnectors", server.getApplicationConnectors());
      verify("server.adminConnectors", server.getAdminConnectors());
    } else if (serverFactory instanceof SimpleServerFactory server) {
      verify("server.connector", List.of(server.getConnector()));
    }
  }

  private static void verify(String where, List<ConnectorFactory> connectors) {
    for (ConnectorFactory connector : connectors) {
      if (connector instanceof HttpConnectorFactory http && http.getPort() != 0) {
        verify(where, http.getBindHost(), http.getPort());
      }
    }
  }

  private static void verify(String where, String host, int port) {
    InetSocketAddress address =
        host == null || host.isBlank()
            ? new InetSocketAddress(port)
            : new InetSocketAddress(host, port);
    try (ServerSocket socket = new ServerSocket()) {
      // Jetty binds with SO_REUSEADDR too, so a port in TIME_WAIT is not reported as busy.
      socket.setReuseAddress(true);
      socket.bind(address);
    } catch (IOException e) {
      throw new StartupException(
          where
              + ": cannot listen on "
              + (host == null || host.isBlank() ? "*" : host)
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); is another process using it?",
          e);
    }
  }
}
