package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.config.EnvironmentExpander.Expansion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentExpanderTest {
  private final EnvironmentExpander expander =
      new EnvironmentExpander(Map.of("USER", "hookgate", "PASSWORD", "pw", "EMPTY", "")::get);

  @Test
  void replacesVariablesAndKeepsTheRest() {
    Expansion expansion = expander.expand("amqp://${USER}:${PASSWORD}@rabbit/");

    assertThat(expansion.value()).isEqualTo("amqp://hookgate:pw@rabbit/");
    assertThat(expansion.variables()).containsExactly("USER", "PASSWORD");
    assertThat(expansion.problems()).isEmpty();
  }

  @Test
  void usesTheDefaultWhenUnsetOrEmptyLikeTheShell() {
    assertThat(expander.expand("${MISSING:-fallback}").value()).isEqualTo("fallback");
    assertThat(expander.expand("${EMPTY:-fallback}").value()).isEqualTo("fallback");
    assertThat(expander.expand("${USER:-fallback}").value()).isEqualTo("hookgate");
    assertThat(expander.expand("${MISSING:-}").value()).isEmpty();
  }

  @Test
  void keepsAnEmptyValueWithoutADefault() {
    Expansion expansion = expander.expand("${EMPTY}");

    assertThat(expansion.value()).isEmpty();
    assertThat(expansion.problems()).isEmpty();
  }

  @Test
  void namesEachUnsetVariable() {
    assertThat(expander.expand("${A}-${USER}-${B}").problems())
        .containsExactly("environment variable A is not set", "environment variable B is not set");
  }

  @Test
  void keepsDollarSignsThatStartNoReference() {
    assertThat(expander.expand("pa$$word$").value()).isEqualTo("pa$$word$");
    assertThat(expander.expand("$${USER}").value()).isEqualTo("${USER}");
  }

  @Test
  void doesNotExpandAnExpandedValueAgain() {
    EnvironmentExpander nested = new EnvironmentExpander(Map.of("A", "${B}", "B", "b")::get);

    assertThat(nested.expand("${A}").value()).isEqualTo("${B}");
  }

  @Test
  void reportsMalformedReferencesWithoutRepeatingThem() {
    assertThat(expander.expand("x${USER").problems())
        .containsExactly("'${' at character 2 is not closed by '}'");
    assertThat(expander.expand("${not a name}").problems())
        .isEqualTo(List.of("'${...}' at character 1 does not name a variable"));
  }
}
