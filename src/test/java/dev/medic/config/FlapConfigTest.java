package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.runtime.Plugins;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlapConfigTest {

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), name -> null).parse("medic.yaml", yaml);
  }

  private static ConfigException.Problem problem(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  /** Six lines: the detect: line a test appends is line 7, its flap line 8. */
  private static final String TARGET = """
      targets:
        - name: web
          checks:
            - type: tcp
              host: 127.0.0.1
              port: 8080
      """;

  private static DetectSettings.Flap flap(String yaml) throws ConfigException {
    return load(TARGET + yaml).targets().getFirst().detect().flap();
  }

  @Test
  void flapDetectionIsOnWithTheNagiosDefaultsWhenNotMentioned() throws ConfigException {
    assertThat(load(TARGET).targets().getFirst().detect().flap())
        .isEqualTo(new DetectSettings.Flap(true, 21, 50, 25));
  }

  @Test
  void takesWindowAndThresholdsKeepingTheDefaultsOfKeysLeftOut() throws ConfigException {
    assertThat(flap("    detect:\n      flap: {window: 10, high: 60.5}\n"))
        .isEqualTo(new DetectSettings.Flap(true, 10, 60.5, 25));
  }

  @Test
  void flapFalseTurnsItOffAndFlappingIsThenNoConditionOfTheTarget() throws ConfigException {
    assertThat(flap("    detect:\n      flap: false\n").enabled()).isFalse();
    assertThat(flap("    detect:\n      flap: true\n")).isEqualTo(DetectSettings.Flap.DEFAULTS);
    ConfigException.Problem p = problem(TARGET + """
            detect:
              flap: false
        strategies:
          - name: calm
            conditions: [flapping]
            action: {type: command, command: [/bin/true]}
        """);
    assertThat(p.field()).isEqualTo("strategies[0].conditions[0]");
    assertThat(p.message()).startsWith("unknown condition 'flapping'");
  }

  @Test
  void aStrategyMayNameFlappingWhenDetectionIsOn() throws ConfigException {
    MedicConfig cfg = load(TARGET + """
        strategies:
          - name: calm
            conditions: [flapping]
            action: {type: command, command: [/bin/true]}
        """);
    assertThat(cfg.strategies()).hasSize(1);
  }

  @Test
  void aWindowOutside3To100IsRefusedAtItsLine() {
    ConfigException.Problem p = problem(TARGET + "    detect:\n      flap: {window: 2}\n");
    assertThat(p.line()).isEqualTo(8);
    assertThat(p.field()).startsWith("targets[0].detect.flap");
    assertThat(p.message()).contains("flap.window must be 3..100 runs, got 2");
    assertThat(problem(TARGET + "    detect:\n      flap: {window: 101}\n").message())
        .contains("flap.window must be 3..100 runs, got 101");
  }

  @Test
  void lowMustBeAboveZeroAndBelowHighWhichIsAtMost100() {
    for (String bad : List.of("{low: 0}", "{low: 50, high: 50}", "{high: 120}", "{low: 60}")) {
      ConfigException.Problem p = problem(TARGET + "    detect:\n      flap: " + bad + "\n");
      assertThat(p.line()).as(bad).isEqualTo(8);
      assertThat(p.message()).as(bad).contains("flap needs 0 < low < high <= 100 (percent), got low=");
    }
  }

  @Test
  void anUnknownKeyUnderFlapIsNamedWithADidYouMean() {
    ConfigException.Problem p = problem(TARGET + "    detect:\n      flap: {windw: 30}\n");
    assertThat(p.line()).isEqualTo(8);
    assertThat(p.field()).isEqualTo("targets[0].detect.flap.windw");
    assertThat(p.message()).startsWith("unknown key 'windw'").contains("window");
  }
}
