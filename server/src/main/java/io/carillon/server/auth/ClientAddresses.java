package io.carillon.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Which address a request comes from, for the failed-login brake. The TCP peer, unless the peer is
 * one of the configured trusted proxies ({@code auth.trustedProxies}): then {@code X-Forwarded-For}
 * is read from the right, skipping trusted proxies, and the first address that is not one is the
 * client. Entries further left were written by the client itself and are never believed, so no
 * client can pose as another; with no trusted proxy the header is ignored.
 */
public final class ClientAddresses {
  private static final int MAX_LENGTH = 64;

  private final List<AddressRange> trusted;

  public ClientAddresses(List<AddressRange> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  public String of(HttpServletRequest request) {
    String peer = peer(request);
    if (trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    var headers = request.getHeaders("X-Forwarded-For");
    for (String header : headers == null ? List.<String>of() : Collections.list(headers)) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.strip());
        }
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      client = hops.get(i);
      if (!isTrusted(client)) {
        break;
      }
    }
    return client.length() > MAX_LENGTH ? client.substring(0, MAX_LENGTH) : client;
  }

  private boolean isTrusted(String address) {
    Optional<InetAddress> parsed = AddressRange.literal(address);
    return parsed.isPresent() && trusted.stream().anyMatch(range -> range.contains(parsed.get()));
  }

  private static String peer(HttpServletRequest request) {
    try {
      String address = request == null ? null : request.getRemoteAddr();
      return address == null ? "unknown" : address;
    } catch (IllegalStateException e) {
      return "unknown";
    }
  }
}
