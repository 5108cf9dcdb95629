package io.hookgate.load;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hookgate.request.JsonBodies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the load benchmark's request body ({@code body.json}, a webhook-shaped JSON of the given
 * size) and its GitHub signature ({@code signature.txt}, {@code sha256=<hex>}). GitHub signs only
 * the body, so one signature serves every request while wrk puts a new delivery id in each.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hookgate.load.WebhookFixture SIZE SECRET DIR
 * </pre>
 */
public final class WebhookFixture {
  private WebhookFixture() {}

  public static void main(String[] args) throws Exception {
    int size = Integer.parseInt(args[0]);
    byte[] secret = args[1].getBytes(UTF_8);
    Path dir = Path.of(args[2]);
    byte[] body = JsonBodies.event(size, "load-benchmark", false);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    Files.write(dir.resolve("body.json"), body);
    Files.writeString(
        dir.resolve("signature.txt"), "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)));
  }
}
