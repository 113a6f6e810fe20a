package io.carillon.jobs;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of the http type's allow or deny list: an address range in CIDR notation ({@code
 * 10.0.0.0/8}, {@code fd00::/8}, a single address), a host name ({@code metadata.google.internal})
 * or every name under a domain ({@code *.internal.example.com}).
 */
public final class NetworkRule {

  private static final Pattern HOST =
      Pattern.compile(
          "(\\*\\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  private final String text;
  private final byte[] network;
  private final int prefixLength;
  private final String host;
  private final boolean subdomains;

  private NetworkRule(String text, byte[] network, int prefixLength, String host, boolean sub) {
    this.text = text;
    this.network = network;
    this.prefixLength = prefixLength;
    this.host = host;
    this.subdomains = sub;
  }

  /**
   * Parses a rule.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static NetworkRule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an empty network rule");
    }
    String trimmed = text.strip().toLowerCase(Locale.ROOT);
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (isAddressLiteral(address)) {
      byte[] bytes = literal(address, text);
      int bits = bytes.length * 8;
      int length = bits;
      if (slash >= 0) {
        try {
          length = Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
          length = -1;
        }
        if (length < 0 || length > bits) {
          throw new IllegalArgumentException(
              "'" + text + "' needs a prefix length between 0 and " + bits);
        }
      }
      return new NetworkRule(text, mask(bytes, length), length, null, false);
    }
    String name = trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    if (slash >= 0 || !HOST.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is neither an address range such as 10.0.0.0/8 nor a host name");
    }
    boolean sub = name.startsWith("*.");
    return new NetworkRule(text, null, 0, sub ? name.substring(2) : name, sub);
  }

  /** True for a rule about addresses, false for one about host names. */
  public boolean isAddressRange() {
    return network != null;
  }

  /** Whether the address lies in this range (always false for a host-name rule). */
  public boolean contains(InetAddress address) {
    if (network == null) {
      return false;
    }
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    return java.util.Arrays.equals(mask(bytes, prefixLength), network);
  }

  /** Whether the host name (lower case, no trailing dot) is this rule's name, or under it. */
  public boolean matchesHost(String name) {
    if (host == null) {
      return false;
    }
    return subdomains ? name.endsWith("." + host) : name.equals(host);
  }

  @Override
  public String toString() {
    return text;
  }

  /** A dotted quad or an IPv6 literal: the only address forms a rule (or a URL) may use. */
  public static boolean isAddressLiteral(String text) {
    return text.contains(":") || text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private static byte[] literal(String address, String text) {
    try {
      if (address.contains(":") && !address.matches("[0-9a-f:.]+")) {
        throw new UnknownHostException(address);
      }
      InetAddress parsed = InetAddress.getByName(address);
      if (!(parsed instanceof Inet4Address) && !(parsed instanceof Inet6Address)) {
        throw new UnknownHostException(address);
      }
      return parsed.getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid IP address or range");
    }
  }

  private static byte[] mask(byte[] bytes, int length) {
    byte[] masked = bytes.clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.max(0, Math.min(8, length - i * 8));
      masked[i] = (byte) (masked[i] & (0xff << (8 - keep)));
    }
    return masked;
  }
}
