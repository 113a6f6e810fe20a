package io.carillon.jobs;

import java.util.List;
import java.util.Set;

/**
 * Where the configuration lets {@code http} jobs connect, on top of the built-in refusals
 * (loopback, link-local and cloud metadata, this node's own addresses; see the http type).
 *
 * @param allowed rules an address or host name may match to be allowed despite the built-in
 *     refusals, e.g. {@code 127.0.0.1/32} for a local sidecar
 * @param denied rules that refuse an address or host name whatever else says, e.g. {@code
 *     10.0.0.0/8}
 * @param adminPorts ports this node serves its unauthenticated admin interface on: refused on this
 *     node's own addresses even where {@code allowed} lets the address through
 */
public record HttpSettings(
    List<NetworkRule> allowed, List<NetworkRule> denied, Set<Integer> adminPorts) {

  /** Only the built-in refusals. */
  public static final HttpSettings DEFAULTS = new HttpSettings(List.of(), List.of(), Set.of());

  public HttpSettings {
    allowed = allowed == null ? List.of() : List.copyOf(allowed);
    denied = denied == null ? List.of() : List.copyOf(denied);
    adminPorts = adminPorts == null ? Set.of() : Set.copyOf(adminPorts);
  }

  /** Parses both lists; a bad entry throws IllegalArgumentException naming it. */
  public static HttpSettings of(List<String> allowed, List<String> denied) {
    return new HttpSettings(
        allowed.stream().map(NetworkRule::parse).toList(),
        denied.stream().map(NetworkRule::parse).toList(),
        Set.of());
  }

  /** The same rules, protecting these admin ports of this node. */
  public HttpSettings withAdminPorts(Set<Integer> ports) {
    return new HttpSettings(allowed, denied, ports);
  }
}
