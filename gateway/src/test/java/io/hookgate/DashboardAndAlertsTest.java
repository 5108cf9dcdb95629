package io.hookgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.Scrape;
import io.hookgate.testing.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped Grafana dashboard and Prometheus rules only use metrics a running gateway exports.
 * Names are compared with the sample names of a real text-format scrape ({@code ..._bucket}, {@code
 * ..._count}, {@code ..._sum}, {@code ..._total} included), which are exactly the names Prometheus
 * stores, so a query on a family name or a wrong suffix fails here.
 */
class DashboardAndAlertsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DASHBOARD = ROOT.resolve("config/grafana/hookgate.json");
  private static final Path ALERTS = ROOT.resolve("config/prometheus/alerts.yml");

  /** A metric name in a PromQL expression: the prefixes of everything the gateway exports. */
  private static final Pattern METRIC =
      Pattern.compile(
          "(?<![\\w$\"])(?:hookgate|jvm|process|system|rabbitmq|netty|cache)_[a-z0-9_]+");

  private static Set<String> exported;

  @BeforeAll
  static void scrapeARunningGateway() throws Exception {
    String yaml =
        """
        server: {listen: 127.0.0.1:0}
        admin: {listen: 127.0.0.1:0}
        broker: {urls: ["%s"]}
        sources:
          github:
            path: /webhooks/github
            verify: {scheme: github, secrets: ["secret"]}
            publish: {exchange: amq.topic, routing-key: github}
        """
            .formatted(TestBroker.URI);
    try (GatewayRunner gateway = GatewayRunner.start(yaml, Map.of())) {
      await().until(() -> gateway.admin("/readyz").statusCode() == 200);
      exported = Scrape.parse(gateway.admin("/metrics").body()).names();
    }
  }

  private static List<String> dashboardExpressions() throws Exception {
    List<String> expressions = new ArrayList<>();
    collect(new ObjectMapper().readTree(DASHBOARD.toFile()), expressions);
    return expressions;
  }

  /** Every PromQL string of the dashboard: panel targets and template variable queries. */
  private static void collect(JsonNode node, List<String> expressions) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (value.isTextual() && (key.equals("expr") || key.equals("definition"))) {
        expressions.add(value.asText());
      } else if (value.isTextual() && key.equals("query") && value.asText().contains("(")) {
        expressions.add(value.asText());
      }
      collect(value, expressions);
    }
    if (node.isArray()) {
      node.forEach(item -> collect(item, expressions));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> alertRules() throws Exception {
    Map<String, Object> file = new Yaml().load(Files.readString(ALERTS));
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      rules.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    return rules;
  }

  private static Set<String> metricsIn(String expression) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = METRIC.matcher(expression);
    while (matcher.find()) {
      names.add(matcher.group());
    }
    return names;
  }

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws Exception {
    List<String> expressions = dashboardExpressions();

    assertThat(expressions).hasSizeGreaterThan(15);
    Set<String> used = new TreeSet<>();
    for (String expression : expressions) {
      Set<String> names = metricsIn(expression);
      assertThat(names).as("metrics in %s", expression).isNotEmpty();
      used.addAll(names);
    }
    assertThat(used)
        .contains(
            "hookgate_requests_total",
            "hookgate_request_duration_seconds_bucket",
            "hookgate_publish_duration_seconds_bucket",
            "hookgate_publishes_in_flight",
            "hookgate_broker_connected",
            "hookgate_broker_blocked",
            "hookgate_dedup_hits_total",
            "jvm_memory_used_bytes");
    assertThat(exported).containsAll(used);
  }

  @Test
  void everyMetricTheAlertRulesUseIsExported() throws Exception {
    List<Map<String, Object>> rules = alertRules();

    assertThat(rules).hasSizeGreaterThanOrEqualTo(6);
    Set<String> used = new TreeSet<>();
    for (Map<String, Object> rule : rules) {
      String expression = (String) rule.get("expr");
      Set<String> names = metricsIn(expression);
      assertThat(names).as("metrics in %s", rule.get("alert")).isNotEmpty();
      used.addAll(names);
    }
    assertThat(used)
        .contains(
            "hookgate_broker_connected",
            "hookgate_broker_blocked",
            "hookgate_requests_total",
            "hookgate_config_reloads_total",
            "hookgate_request_duration_seconds_bucket",
            "hookgate_log_events_dropped_total");
    assertThat(exported).containsAll(used);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyRuleIsNamedWithSeverityAndSummary() throws Exception {
    for (Map<String, Object> rule : alertRules()) {
      assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
      assertThat((Map<String, Object>) rule.get("labels")).containsKey("severity");
      assertThat((Map<String, Object>) rule.get("annotations"))
          .containsKeys("summary", "description");
    }
  }

  @Test
  void everyPanelQueriesTheChosenDataSource() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

    assertThat(dashboard.at("/templating/list"))
        .anySatisfy(
            variable -> {
              assertThat(variable.get("name").asText()).isEqualTo("datasource");
              assertThat(variable.get("type").asText()).isEqualTo("datasource");
              assertThat(variable.get("query").asText()).isEqualTo("prometheus");
            });
    assertThat(dashboard.get("panels"))
        .isNotEmpty()
        .allSatisfy(
            panel -> {
              assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
              assertThat(panel.get("description").asText()).isNotBlank();
              assertThat(panel.get("targets")).isNotEmpty();
            });
  }
}
