package io.carillon.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.Nginx;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped deploy/nginx.conf in front of a node that trusts it: clients connecting from two
 * different loopback addresses (127.0.0.2 and 127.0.0.3) reach the node from nginx's one address,
 * and the failed-login brake still tells them apart, because nginx sets X-Forwarded-For.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LockoutBehindNginxIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(LockoutBehindNginxIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC),
          ConfigOverride.config("auth.failuresBeforeLockout", "3"),
          ConfigOverride.config("auth.trustedProxies", "127.0.0.1"));

  @TempDir static Path workDir;
  private static Nginx nginx;

  @BeforeAll
  static void startNginx() {
    // The shipped file balances three replicas: here all three are the one node.
    int port = APP.getLocalPort();
    nginx = Nginx.start(workDir.resolve("nginx"), List.of(port, port, port));
  }

  @AfterAll
  static void stopNginx() {
    if (nginx != null) {
      nginx.close();
    }
  }

  /** GET /api/v1/jobs through nginx from a connection whose source address is {@code from}. */
  private static int status(String from, String key) throws IOException {
    URI api = URI.create(nginx.apiUrl());
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress(api.getHost(), api.getPort()), 2000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/v1/jobs HTTP/1.1\r\nHost: carillon\r\nAuthorization: Bearer "
                  + key
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }

  @Test
  void one_clients_guesses_through_nginx_lock_out_that_client_not_the_others() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(status("127.0.0.2", "crl_guess")).isEqualTo(401);
    }
    assertThat(status("127.0.0.2", "crl_guess")).isEqualTo(429);

    assertThat(status("127.0.0.3", "crl_guess")).isEqualTo(401);
    assertThat(status("127.0.0.2", ApiApp.ADMIN_KEY)).isEqualTo(200);
  }
}
