package io.hookgate.testing;

import io.hookgate.Gateway;
import io.hookgate.config.ConfigLoader;
import io.hookgate.config.GatewayConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A real gateway on ephemeral loopback ports, built from YAML through the real loader. */
public final class GatewayRunner implements AutoCloseable {
  private final Gateway gateway;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private GatewayRunner(Gateway gateway) {
    this.gateway = gateway;
  }

  /** Starts a gateway on {@code yaml}, with {@code env} as its whole environment. */
  public static GatewayRunner start(String yaml, Map<String, String> env) throws Exception {
    GatewayConfig config = new ConfigLoader(env::get).parse(yaml, "test.yaml");
    return new GatewayRunner(Gateway.start(config));
  }

  /**
   * Starts a gateway on the config in {@code file}, with {@code env} as its whole environment, and
   * reloads it when the file changes (not on SIGHUP: tests share one JVM).
   */
  public static GatewayRunner start(Path file, Map<String, String> env) throws Exception {
    ConfigLoader loader = new ConfigLoader(env::get);
    Gateway gateway = Gateway.start(loader.load(file));
    try {
      gateway.watch(file, loader, false);
    } catch (RuntimeException | IOException e) {
      gateway.close();
      throw e;
    }
    return new GatewayRunner(gateway);
  }

  /** The running gateway. */
  public Gateway gateway() {
    return gateway;
  }

  /** The base URI of the webhook listener. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.address().getPort() + path);
  }

  /** The base URI of the admin listener. */
  public URI adminUri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.adminAddress().getPort() + path);
  }

  public HttpClient client() {
    return client;
  }

  /** GETs an admin path. */
  public HttpResponse<String> admin(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(adminUri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    gateway.close();
  }
}
