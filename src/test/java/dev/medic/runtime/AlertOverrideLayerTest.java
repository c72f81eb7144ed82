package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.store.AlertOverride;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Overrides laid over the file's detection settings, checked as the loader checks the file. */
class AlertOverrideLayerTest {

  private final MedicConfig file = load("""
      targets:
        - name: web
          detect:
            failures: 3
            window: {size: 10, failures: 4}
            thresholds: ["latency_ms > 500"]
          checks:
            - type: tcp
              host: 127.0.0.1
              port: 1
      """);

  private static MedicConfig load(String yaml) {
    try {
      return new ConfigLoader(Plugins.registry()).parse("medic.yaml", yaml);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static AlertOverride override(String target, Integer failures, boolean windowSet, Integer size, Integer f,
      List<String> thresholds) {
    return new AlertOverride(target, failures, null, windowSet, size, f, thresholds, "alice", Instant.EPOCH);
  }

  @Test
  void anOverrideReplacesOnlyTheFieldsItSets() {
    MedicConfig laid = AlertOverrideLayer.layOver(file, List.of(override("web", 1, false, null, null, null)), w -> {});
    var detect = laid.target("web").orElseThrow().detect();
    assertThat(detect.failures()).isEqualTo(1);
    assertThat(detect.window().size()).isEqualTo(10);
    assertThat(detect.thresholds()).extracting(Object::toString).containsExactly("latency_ms > 500 as latency_ms_threshold");
  }

  @Test
  void aNullWindowAndAnEmptyThresholdListRemoveTheFilesOnes() {
    MedicConfig laid = AlertOverrideLayer.layOver(file, List.of(override("web", null, true, null, null, List.of())), w -> {});
    assertThat(laid.target("web").orElseThrow().detect().window()).isNull();
    assertThat(laid.target("web").orElseThrow().detect().thresholds()).isEmpty();
  }

  @Test
  void badValuesAreNamedByTargetFieldAndValue() {
    assertThatThrownBy(() -> AlertOverrideLayer.layOver(file,
        List.of(override("web", null, false, null, null, List.of("latency_ms > 1", "p99 ~ 3"))), w -> {}))
        .hasMessageContaining("targets.web.thresholds[1]").hasMessageContaining("'p99 ~ 3'");
    assertThatThrownBy(() -> AlertOverrideLayer.layOver(file, List.of(override("web", null, true, 3, 5, null)), w -> {}))
        .hasMessageContaining("targets.web.window").hasMessageContaining("3/5");
  }

  @Test
  void anOverrideForATargetTheConfigNoLongerHasIsIgnoredWithAWarning() {
    List<String> warnings = new ArrayList<>();
    MedicConfig laid = AlertOverrideLayer.layOver(file, List.of(override("gone", 1, false, null, null, null)),
        warnings::add);
    assertThat(laid.target("web").orElseThrow().detect().failures()).isEqualTo(3);
    assertThat(warnings).singleElement().asString().contains("'gone'").contains("ignored");
  }
}
