package io.hookgate.address;

import java.net.InetAddress;
import java.util.List;

/** PLACEHOLDER until the verify branch lands. */
public final class ClientAddressResolver {
  private final CidrAllowlist trusted;

  public ClientAddressResolver(CidrAllowlist trusted) {
    this.trusted = trusted;
  }

  public InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
    return peer;
  }
}
