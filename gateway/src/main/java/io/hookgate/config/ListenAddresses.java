package io.hookgate.config;

import io.hookgate.address.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parses listen addresses: an IP literal and a port, such as {@code 0.0.0.0:8080}, {@code
 * 127.0.0.1:9091} or {@code [::]:8080}; port 0 asks the system for a free port.
 *
 * <p>Host names are refused so that loading a config never waits on DNS and always binds where it
 * says.
 */
final class ListenAddresses {
  private ListenAddresses() {}

  /**
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  static InetSocketAddress parse(String text) {
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || !text.startsWith(":", close + 1)) {
        throw new IllegalArgumentException(
            "not a listen address: '" + text + "' (expected [IPv6]:port, such as [::]:8080)");
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "not a listen address: '" + text + "' (expected host:port, such as 0.0.0.0:8080)");
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        throw new IllegalArgumentException(
            "IPv6 address needs brackets in '" + text + "', such as [::]:8080");
      }
    }
    return new InetSocketAddress(address(host, text), port(port, text));
  }

  private static InetAddress address(String host, String text) {
    if (host.isEmpty() || host.indexOf('/') >= 0) {
      throw new IllegalArgumentException("not an IP address in '" + text + "'");
    }
    try {
      // Cidr.parse admits only literals, which getByName then converts without any lookup.
      Cidr.parse(host);
      return InetAddress.getByName(host);
    } catch (IllegalArgumentException | UnknownHostException e) {
      throw new IllegalArgumentException(
          "not an IP address in '" + text + "': the listen host must be an IP literal");
    }
  }

  private static int port(String port, String text) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("not a port number in '" + text + "'");
    }
    int value = Integer.parseInt(port);
    if (value > 65535) {
      throw new IllegalArgumentException("port out of range (0-65535) in '" + text + "'");
    }
    return value;
  }
}
