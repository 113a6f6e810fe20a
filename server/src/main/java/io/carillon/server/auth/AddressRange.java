package io.carillon.server.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address range in CIDR form ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is the
 * range of one). Parsed without any DNS lookup: only literals are accepted.
 */
public final class AddressRange {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final byte[] network;
  private final int prefixBits;

  private AddressRange(byte[] network, int prefixBits) {
    this.network = network.clone();
    this.prefixBits = prefixBits;
  }

  /** The range {@code text} describes, or empty when it is not a CIDR range or address literal. */
  public static Optional<AddressRange> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.strip();
    int slash = value.indexOf('/');
    Optional<InetAddress> address = literal(slash < 0 ? value : value.substring(0, slash));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = address.get().getAddress();
    int bits = bytes.length * 8;
    if (slash >= 0) {
      String prefix = value.substring(slash + 1);
      if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > bytes.length * 8) {
        return Optional.empty();
      }
      bits = Integer.parseInt(prefix);
    }
    return Optional.of(new AddressRange(bytes, bits));
  }

  /** An IPv4 or IPv6 literal as an address; empty for anything else (never a DNS lookup). */
  public static Optional<InetAddress> literal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.strip();
    if (value.startsWith("[") && value.endsWith("]")) {
      value = value.substring(1, value.length() - 1);
    }
    try {
      if (IPV4.matcher(value).matches()) {
        return Optional.of(InetAddress.getByName(value));
      }
      if (IPV6.matcher(value).matches()) {
        // In brackets, Java parses an IPv6 literal and never resolves a name.
        return Optional.of(InetAddress.getByName("[" + value + "]"));
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  public boolean contains(InetAddress address) {
    byte[] other = address.getAddress();
    if (other.length != network.length) {
      return false;
    }
    int whole = prefixBits / 8;
    for (int i = 0; i < whole; i++) {
      if (other[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (other[whole] & mask) == (network[whole] & mask);
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
