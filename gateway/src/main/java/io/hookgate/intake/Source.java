package io.hookgate.intake;

import static java.util.Objects.requireNonNull;

import io.hookgate.address.CidrAllowlist;
import io.hookgate.route.RequestField;
import io.hookgate.route.Router;
import io.hookgate.verify.SignatureVerifier;
import java.util.List;

/**
 * A configured webhook sender, compiled once at load time into everything the request path needs,
 * so nothing on that path parses configuration.
 *
 * @param name the source's name
 * @param path the request path that reaches it
 * @param allow client addresses admitted
 * @param verifier the signature check
 * @param eventId where to look for the event id, tried in order; empty when there is none
 * @param router where accepted events go
 */
public record Source(
    String name,
    String path,
    CidrAllowlist allow,
    SignatureVerifier verifier,
    List<RequestField> eventId,
    Router router) {

  public Source {
    requireNonNull(name, "name");
    requireNonNull(path, "path");
    requireNonNull(allow, "allow");
    requireNonNull(verifier, "verifier");
    eventId = List.copyOf(eventId);
    requireNonNull(router, "router");
  }
}
