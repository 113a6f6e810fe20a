package io.carillon.server.quartz;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Node ids for the cluster. Quartz's own AUTO id is host name plus the current millisecond, which
 * two replicas started together on one host can share; a random suffix makes that impossible.
 */
final class InstanceIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private InstanceIds() {}

  static String resolve(String configured) {
    if (!QuartzFactory.AUTO.equalsIgnoreCase(configured)) {
      return configured;
    }
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    return hostName() + "-" + HexFormat.of().formatHex(suffix);
  }

  /** This machine's host name as the cluster view shows it. */
  static String host() {
    return hostName();
  }

  private static String hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
      String safe = name.replaceAll("[^a-z0-9._-]", "-");
      return safe.length() > 100 ? safe.substring(0, 100) : safe;
    } catch (UnknownHostException e) {
      return "node";
    }
  }
}
