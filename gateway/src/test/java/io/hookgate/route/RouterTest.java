package io.hookgate.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.request.Headers;
import io.hookgate.request.WebhookRequest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final RequestField EVENT = RequestField.parse("header:X-GitHub-Event");
  private static final RequestField ACTION = RequestField.parse("json:/action");
  private static final RequestField PR = RequestField.parse("json:/issue/pull_request");

  private static WebhookRequest request(String event, String body) {
    Map<String, String> headers = event == null ? Map.of() : Map.of("X-GitHub-Event", event);
    return new WebhookRequest(
        Headers.of(headers),
        body.getBytes(StandardCharsets.UTF_8),
        InetAddress.getLoopbackAddress(),
        Instant.EPOCH);
  }

  private static Rule rule(Condition when, String key) {
    return new Rule(Optional.of(when), "webhooks", RoutingKeyTemplate.parse(key));
  }

  private static Optional<String> key(Router router, WebhookRequest request) {
    return router.route(request).map(Route::routingKey);
  }

  @Test
  void firstMatchingRuleDecidesExchangeAndKey() {
    Router router =
        new Router(
            "github",
            List.of(
                new Rule(
                    Optional.of(new Condition.Equals(EVENT, "push")),
                    "pushes",
                    RoutingKeyTemplate.parse("{source}.push")),
                rule(new Condition.Exists(EVENT, true), "{source}.{header:X-GitHub-Event}"),
                Rule.always("fallback", RoutingKeyTemplate.parse("{source}.unknown"))),
            Unmatched.REJECT);

    assertThat(router.route(request("push", "{}"))).contains(new Route("pushes", "github.push"));
    assertThat(router.route(request("issues", "{}")))
        .contains(new Route("webhooks", "github.issues"));
    assertThat(router.route(request(null, "{}"))).contains(new Route("fallback", "github.unknown"));
  }

  @Test
  void noMatchingRuleRoutesNowhere() {
    Router router =
        new Router(
            "github", List.of(rule(new Condition.Equals(EVENT, "push"), "push")), Unmatched.IGNORE);

    assertThat(router.route(request("ping", "{}"))).isEmpty();
    assertThat(router.unmatched()).isEqualTo(Unmatched.IGNORE);
  }

  @Test
  void equalsComparesTextCaseSensitivelyAndJsonScalarsAsText() {
    var number = new Condition.Equals(RequestField.parse("json:/n"), "42");
    var flag = new Condition.Equals(RequestField.parse("json:/ok"), "true");
    var push = new Condition.Equals(EVENT, "push");

    assertThat(number.test(request(null, "{\"n\":42}"))).isTrue();
    assertThat(number.test(request(null, "{\"n\":\"42\"}"))).isTrue();
    assertThat(number.test(request(null, "{\"n\":42.0}"))).isFalse();
    assertThat(flag.test(request(null, "{\"ok\":true}"))).isTrue();
    assertThat(push.test(request("Push", "{}"))).isFalse();
    assertThat(push.test(request(null, "{}"))).isFalse();
  }

  @Test
  void inMatchesAnyListedValue() {
    var condition = new Condition.In(ACTION, Set.of("opened", "reopened"));

    assertThat(condition.test(request(null, "{\"action\":\"reopened\"}"))).isTrue();
    assertThat(condition.test(request(null, "{\"action\":\"closed\"}"))).isFalse();
    assertThat(condition.test(request(null, "{}"))).isFalse();
  }

  @Test
  void matchesNeedsTheWholeValueToMatch() {
    var condition = new Condition.Matches(EVENT, Pattern.compile("pull_request(_review)?"));

    assertThat(condition.test(request("pull_request", "{}"))).isTrue();
    assertThat(condition.test(request("pull_request_review", "{}"))).isTrue();
    assertThat(condition.test(request("pull_request_review_comment", "{}"))).isFalse();
    assertThat(condition.test(request(null, "{}"))).isFalse();
  }

  @Test
  void existsSeesObjectsAndAbsence() {
    var isPullRequest = new Condition.Exists(PR, true);
    var isIssue = new Condition.Exists(PR, false);
    var comment = request(null, "{\"issue\":{\"pull_request\":{\"url\":\"u\"}}}");

    assertThat(isPullRequest.test(comment)).isTrue();
    assertThat(isIssue.test(comment)).isFalse();
    assertThat(isIssue.test(request(null, "{\"issue\":{}}"))).isTrue();
  }

  @Test
  void allAnyAndNotCombine() {
    var push = new Condition.Equals(EVENT, "push");
    var opened = new Condition.Equals(ACTION, "opened");
    var all = new Condition.All(List.of(new Condition.Exists(EVENT, true), opened));
    var any = new Condition.Any(List.of(push, opened));
    var not = new Condition.Not(any);

    assertThat(all.test(request("issues", "{\"action\":\"opened\"}"))).isTrue();
    assertThat(all.test(request(null, "{\"action\":\"opened\"}"))).isFalse();
    assertThat(any.test(request("push", "{}"))).isTrue();
    assertThat(any.test(request("issues", "{\"action\":\"opened\"}"))).isTrue();
    assertThat(any.test(request("issues", "{}"))).isFalse();
    assertThat(not.test(request("issues", "{}"))).isTrue();
    assertThat(not.test(request("push", "{}"))).isFalse();
  }

  @Test
  void headerOnlyRulesAndTemplatesNeverParseTheBody() {
    Router router =
        new Router(
            "github",
            List.of(
                rule(new Condition.Equals(EVENT, "push"), "gh.{header:X-GitHub-Event}"),
                rule(new Condition.Equals(ACTION, "opened"), "gh.opened")),
            Unmatched.REJECT);
    WebhookRequest push = request("push", "{\"action\":\"opened\"}");

    assertThat(key(router, push)).contains("gh.push");
    assertThat(push.jsonParsed()).isFalse();
  }

  @Test
  void bodyIsParsedOnceHoweverManyRulesAndPlaceholdersReadIt() {
    Router router =
        new Router(
            "github",
            List.of(
                rule(new Condition.Equals(ACTION, "closed"), "closed"),
                rule(new Condition.In(ACTION, Set.of("edited")), "edited"),
                rule(new Condition.Exists(ACTION, true), "gh.{json:/action}.{json:/number|0}")),
            Unmatched.REJECT);
    WebhookRequest request = request(null, "{\"action\":\"opened\",\"number\":7}");

    assertThat(key(router, request)).contains("gh.opened.7");
    assertThat(request.jsonParsed()).isTrue();
    // The same node is returned every time: it was parsed once and kept.
    assertThat(request.json()).isSameAs(request.json());
  }

  @Test
  void conditionsWithTheSameRegexAreEqual() {
    assertThat(new Condition.Matches(EVENT, Pattern.compile("a+")))
        .isEqualTo(new Condition.Matches(EVENT, Pattern.compile("a+")))
        .hasSameHashCodeAs(new Condition.Matches(EVENT, Pattern.compile("a+")))
        .isNotEqualTo(new Condition.Matches(EVENT, Pattern.compile("a*")));
  }
}
