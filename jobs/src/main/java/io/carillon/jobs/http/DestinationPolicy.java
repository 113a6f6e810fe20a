package io.carillon.jobs.http;

import io.carillon.jobs.HttpSettings;
import io.carillon.jobs.NetworkRule;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where an http job may connect. Refused unless the configuration allows them: loopback and this
 * node's own addresses (its admin port drains the node), link-local addresses and the cloud
 * metadata services (instance credentials), unspecified, multicast and reserved addresses. The
 * operator's {@code denied} rules win over everything, their {@code allowed} rules over the
 * built-in refusals. Every address a name resolves to must pass, not just one.
 */
final class DestinationPolicy {

  private static final String ALLOWED = "jobTypes.http.allowed";
  private static final String DENIED = "jobTypes.http.denied";

  private static final Map<String, String> BUILT_IN =
      Map.ofEntries(
          Map.entry("127.0.0.0/8", "a loopback address (this node, its admin port included)"),
          Map.entry("::1/128", "a loopback address (this node, its admin port included)"),
          Map.entry("0.0.0.0/8", "an unspecified address (this node)"),
          Map.entry("::/128", "an unspecified address (this node)"),
          Map.entry("169.254.0.0/16", "a link-local address (cloud metadata services live here)"),
          Map.entry("fe80::/10", "a link-local address"),
          Map.entry("fd00:ec2::254/128", "the AWS metadata service"),
          Map.entry("100.100.100.200/32", "the Alibaba Cloud metadata service"),
          Map.entry("224.0.0.0/4", "a multicast address"),
          Map.entry("ff00::/8", "a multicast address"),
          Map.entry("240.0.0.0/4", "a reserved address"));

  private static final List<Map.Entry<NetworkRule, String>> BUILT_IN_RANGES =
      BUILT_IN.entrySet().stream()
          .map(e -> Map.entry(NetworkRule.parse(e.getKey()), e.getValue()))
          .toList();

  /** Names of the metadata services, refused before any DNS answer is seen. */
  private static final List<NetworkRule> METADATA_NAMES =
      List.of(
              "metadata.google.internal",
              "metadata.goog",
              "metadata",
              "instance-data",
              "instance-data.ec2.internal")
          .stream()
          .map(NetworkRule::parse)
          .toList();

  /** A host whose last label is a number: resolvers read it as an address (inet_aton forms). */
  private static final Pattern NUMERIC_HOST =
      Pattern.compile("(?i)(.*\\.)?(0x[0-9a-f]*|[0-9]+)\\.?");

  private static final Pattern DOTTED_QUAD =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private final HttpSettings settings;

  DestinationPolicy(HttpSettings settings) {
    this.settings = settings;
  }

  /** A URL host as rules compare it: lower case, no IPv6 brackets, no trailing dot. */
  static String normalise(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.startsWith("[") && lower.endsWith("]")) {
      return lower.substring(1, lower.length() - 1);
    }
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /**
   * What can be decided without DNS, when a job is stored: null when the URL's host may be tried,
   * else why not. Literal addresses are judged fully; names only by the name rules, their addresses
   * are judged when the job runs.
   */
  String refusalBeforeResolving(String rawHost, int port) {
    String host = normalise(rawHost);
    if (!host.contains(":")
        && NUMERIC_HOST.matcher(host).matches()
        && !DOTTED_QUAD.matcher(host).matches()) {
      return host
          + " is a numeric host other than a dotted quad (such as 0x7f000001 or 2130706433);"
          + " write the address as a.b.c.d";
    }
    if (NetworkRule.isAddressLiteral(host)) {
      try {
        return refusal(host, port, List.of(InetAddress.getByName(host)));
      } catch (UnknownHostException e) {
        return host + " is not a valid address";
      }
    }
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      // Always loopback (RFC 6761), whatever the resolver would say later.
      return refusal(host, port, List.of(InetAddress.getLoopbackAddress()));
    }
    return refusal(host, port, List.of());
  }

  /** Null when the host and every address it resolved to may be contacted, else why not. */
  String refusal(String rawHost, int port, List<InetAddress> addresses) {
    String host = normalise(rawHost);
    if (settings.adminPorts().contains(port)) {
      for (InetAddress address : addresses) {
        if (isThisNode(address) || isThisNode(embeddedIpv4(address))) {
          return host
              + described(host, address)
              + " port "
              + port
              + " is this node's admin port, which no job may call";
        }
      }
    }
    for (NetworkRule rule : settings.denied()) {
      if (rule.matchesHost(host)) {
        return host + " is denied by " + DENIED + " " + rule;
      }
      for (InetAddress address : addresses) {
        if (rule.contains(address) || rule.contains(embeddedIpv4(address))) {
          return host + described(host, address) + " is denied by " + DENIED + " " + rule;
        }
      }
    }
    if (settings.allowed().stream().anyMatch(rule -> rule.matchesHost(host))) {
      return null;
    }
    for (NetworkRule name : METADATA_NAMES) {
      if (name.matchesHost(host)) {
        return host + " is a cloud metadata service; allow it in " + ALLOWED + " if you must";
      }
    }
    for (InetAddress address : addresses) {
      String why = builtInRefusal(address);
      if (why != null) {
        return host + described(host, address) + " is " + why + "; allow it in " + ALLOWED;
      }
    }
    return null;
  }

  private String builtInRefusal(InetAddress address) {
    InetAddress v4 = embeddedIpv4(address);
    if (settings.allowed().stream().anyMatch(rule -> rule.contains(address) || rule.contains(v4))) {
      return null;
    }
    for (Map.Entry<NetworkRule, String> range : BUILT_IN_RANGES) {
      if (range.getKey().contains(address) || range.getKey().contains(v4)) {
        return range.getValue();
      }
    }
    try {
      if (NetworkInterface.getByInetAddress(address) != null) {
        return "an address of this node";
      }
    } catch (SocketException e) {
      return "an address whose owner cannot be checked";
    }
    return null;
  }

  private static boolean isThisNode(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return true;
    }
  }

  private static String described(String host, InetAddress address) {
    String literal = address.getHostAddress();
    return normalise(literal).equals(host) ? "" : " (" + literal + ")";
  }

  /**
   * The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address (so that {@code
   * ::ffff:169.254.169.254} is judged as what it reaches), else the address itself.
   */
  static InetAddress embeddedIpv4(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != 16) {
      return address;
    }
    byte[] head = Arrays.copyOf(bytes, 12);
    boolean mapped = Arrays.equals(head, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1});
    boolean compatible = Arrays.equals(head, new byte[12]) && (bytes[12] | bytes[13]) != 0;
    boolean nat64 =
        Arrays.equals(head, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});
    if (!mapped && !compatible && !nat64) {
      return address;
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
