package io.hookgate.address;

import java.net.InetAddress;
import java.util.List;

/** A set of networks a client address must fall in; {@link #ANY} admits everyone. */
public final class CidrAllowlist {
  /** The list used when a source has no {@code allow}: every address passes. */
  public static final CidrAllowlist ANY = new CidrAllowlist(List.of(), true);

  /** The empty list used when no proxy is trusted: no address passes. */
  public static final CidrAllowlist NONE = new CidrAllowlist(List.of(), false);

  private final List<Cidr> networks;
  private final boolean any;

  private CidrAllowlist(List<Cidr> networks, boolean any) {
    this.networks = List.copyOf(networks);
    this.any = any;
  }

  /** A list admitting exactly the given networks (none when empty). */
  public static CidrAllowlist of(List<Cidr> networks) {
    return new CidrAllowlist(networks, false);
  }

  /** Whether {@code address} is admitted. */
  public boolean allows(InetAddress address) {
    if (any) {
      return true;
    }
    // Indexed: every request passes here, and JFR caught the for-each's iterator escaping.
    for (int i = 0; i < networks.size(); i++) {
      if (networks.get(i).contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The networks as configured, for logs and {@code check}. */
  public List<Cidr> networks() {
    return networks;
  }

  /** Equal lists admit the same networks; a reload compares configs with this. */
  @Override
  public boolean equals(Object other) {
    return other instanceof CidrAllowlist that && any == that.any && networks.equals(that.networks);
  }

  @Override
  public int hashCode() {
    return networks.hashCode() * 31 + Boolean.hashCode(any);
  }

  @Override
  public String toString() {
    return any ? "any" : networks.toString();
  }
}
