package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hookgate.route.Condition;
import io.hookgate.route.RequestField;
import io.hookgate.route.Unmatched;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RoutesConfigTest {
  private final ConfigLoader loader = new ConfigLoader(Map.of("GITHUB_WEBHOOK_SECRET", "gh")::get);

  private static RequestField field(String spec) {
    return RequestField.parse(spec);
  }

  @Test
  void readsRoutesWithCompiledConditionsInOrder() throws Exception {
    List<SourceConfig> sources = loader.load(resource("/config/routes.yaml")).sources();

    SourceConfig github = sources.get(0);
    assertThat(github.routes())
        .containsExactly(
            new RouteConfig(
                Optional.of("pull-requests"),
                Optional.of(
                    new Condition.In(
                        field("header:X-GitHub-Event"),
                        Set.of("pull_request", "pull_request_review"))),
                "webhooks",
                "github.pr.{json:/action|none}"),
            new RouteConfig(
                Optional.of("main-pushes"),
                Optional.of(
                    new Condition.All(
                        List.of(
                            new Condition.Equals(field("header:X-GitHub-Event"), "push"),
                            new Condition.Matches(
                                field("json:/ref"), Pattern.compile("refs/heads/(main|master)"))))),
                "webhooks",
                "github.push.main"),
            new RouteConfig(
                Optional.empty(),
                Optional.of(
                    new Condition.Any(
                        List.of(
                            new Condition.Exists(field("json:/issue/pull_request"), true),
                            new Condition.Not(
                                new Condition.Matches(
                                    field("header:X-GitHub-Event"), Pattern.compile("issue.*")))))),
                "other",
                "github.{header:X-GitHub-Event|unknown}"));
    assertThat(github.unmatched()).isEqualTo(Unmatched.IGNORE);
    assertThat(github.forwardHeaders()).containsExactly("X-GitHub-Event", "X-GitHub-Hook-ID");
  }

  @Test
  void aLastRouteWithoutWhenTakesEverythingElse() throws Exception {
    SourceConfig stripe = loader.load(resource("/config/routes.yaml")).sources().get(1);

    assertThat(stripe.routes()).hasSize(2);
    assertThat(stripe.routes().get(0).when())
        .contains(new Condition.Equals(field("json:/livemode"), "false"));
    assertThat(stripe.routes().get(1))
        .isEqualTo(RouteConfig.always("webhooks", "stripe.{json:/type}"));
    assertThat(stripe.forwardHeaders()).isEmpty();
  }

  @Test
  void numbersInConditionsCompareAsText() throws Exception {
    SourceConfig billing = loader.load(resource("/config/routes.yaml")).sources().get(2);

    assertThat(billing.routes().get(0).when())
        .contains(new Condition.Equals(field("json:/amount"), "0"));
    assertThat(billing.unmatched()).isEqualTo(Unmatched.REJECT);
  }

  @Test
  void publishIsOneRouteThatTakesEverything() throws Exception {
    String yaml =
        """
        broker: {urls: [amqp://localhost]}
        sources:
          github:
            path: /webhooks/github
            verify: {scheme: github, secrets: [s]}
            publish: {exchange: webhooks, routing-key: github}
        """;

    SourceConfig github = loader.parse(yaml, "publish.yaml").sources().get(0);

    assertThat(github.routes()).containsExactly(RouteConfig.always("webhooks", "github"));
    assertThat(github.unmatched()).isEqualTo(Unmatched.REJECT);
  }

  @Test
  void signatureHeadersOfEverySchemeCannotBeForwarded() {
    String yaml =
        """
        broker: {urls: [amqp://localhost]}
        sources:
          billing:
            path: /webhooks/billing
            verify: {scheme: hmac, secrets: [s], header: X-Billing-Sig}
            publish: {exchange: webhooks, routing-key: billing}
            forward-headers: [x-billing-sig, Stripe-Signature, x-gitlab-token, X-Ok]
        """;

    ConfigException thrown =
        catchThrowableOfType(ConfigException.class, () -> loader.parse(yaml, "forward.yaml"));

    assertThat(thrown.problems())
        .extracting(ConfigProblem::message)
        .containsExactly(
            "'x-billing-sig' carries a signature or credentials and is never forwarded",
            "'Stripe-Signature' carries a signature or credentials and is never forwarded",
            "'x-gitlab-token' carries a signature or credentials and is never forwarded");
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(RoutesConfigTest.class.getResource(name).toURI());
  }
}
