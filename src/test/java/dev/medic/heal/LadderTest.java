package dev.medic.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.config.StrategyConfig;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LadderTest {

  private static final MedicConfig CONFIG = load("""
      targets:
        - name: api
          process: {command: ["/bin/sleep", "600"]}
          checks: [{type: process}, {type: http, url: "http://127.0.0.1:1/"}]
        - name: web
          checks: [{type: http, url: "http://127.0.0.1:1/"}]
      strategies:
        - name: restart
          conditions: [process_exited, http_error]
          action: {type: restart}
          targets: [api]
          max_attempts: 2
        - name: clear_cache
          conditions: [process_exited, http_error]
          action: {type: command, command: ["/bin/true"]}
        - name: rebuild
          conditions: [persistent_failure]
          action: {type: command, command: ["/bin/true"]}
          max_attempts: 1
      """);

  private static MedicConfig load(String yaml) {
    try {
      return new ConfigLoader(Plugins.registry()).parse("medic.yaml", yaml);
    } catch (dev.medic.config.ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static Incident incident(String target, String condition) {
    return Incident.open(target, condition, Severity.WARNING, "down", Instant.EPOCH).withId(1);
  }

  private static List<String> names(List<StrategyConfig> ladder) {
    return ladder.stream().map(StrategyConfig::name).toList();
  }

  @Test
  void conditionsOwnStrategiesComeFirstInFileOrderThenThoseForPersistentFailure() {
    assertThat(names(Ladder.of(CONFIG, incident("api", "process_exited"), false)))
        .containsExactly("restart", "clear_cache", "rebuild");
  }

  @Test
  void noRestartWhereMedicSupervisesNoProcess() {
    assertThat(names(Ladder.of(CONFIG, incident("web", "http_error"), false)))
        .containsExactly("clear_cache", "rebuild");
  }

  @Test
  void noRestartWhileTheTargetIsInACrashLoop() {
    assertThat(names(Ladder.of(CONFIG, incident("api", "process_exited"), true)))
        .containsExactly("clear_cache", "rebuild");
  }

  private static final MedicConfig CONTAINERS = load("""
      targets:
        - name: spartan-web
          checks: [{type: docker, container: spartan-web, host: "unix:///run/medic-test-none.sock"}]
      strategies:
        - name: restart_container
          conditions: [container_exited, crash_loop]
          action: {type: docker_restart, container: "{target}", host: "unix:///run/medic-test-none.sock"}
        - name: stop_container
          conditions: [container_exited, crash_loop]
          action: {type: docker_stop, container: "{target}", host: "unix:///run/medic-test-none.sock"}
      """);

  @Test
  void containerRestartStaysInTheLadderOfAnUnsupervisedTargetAndLeavesItDuringACrashLoop() {
    assertThat(names(Ladder.of(CONTAINERS, incident("spartan-web", "container_exited"), false)))
        .as("a container restart needs no process supervised by medic")
        .containsExactly("restart_container", "stop_container");
    assertThat(names(Ladder.of(CONTAINERS, incident("spartan-web", "crash_loop"), true)))
        .as("it restarts the target, which only feeds a crash loop")
        .containsExactly("stop_container");
  }

  @Test
  void persistentFailureAloneMakesNoLadder() {
    assertThat(Ladder.of(CONFIG, incident("api", "disk_low"), false)).isEmpty();
  }

  @Test
  void nextRungIsTheFirstWithAttemptsLeft() {
    List<StrategyConfig> ladder = Ladder.of(CONFIG, incident("api", "process_exited"), false);
    Map<String, Integer> done = Map.of("restart", 2, "clear_cache", 1);

    Ladder.Rung rung = Ladder.next(ladder, s -> done.getOrDefault(s, 0), Map.of());

    assertThat(rung.strategy().name()).isEqualTo("clear_cache");
    assertThat(rung.attempts()).isEqualTo(1);
  }

  @Test
  void aRungWithoutEffectIsPassedOverAndAnExhaustedLadderHasNoNextRung() {
    List<StrategyConfig> ladder = Ladder.of(CONFIG, incident("api", "process_exited"), false);

    Ladder.Rung rung = Ladder.next(ladder, s -> 0, Map.of("restart", "no process to restart"));
    assertThat(rung.strategy().name()).isEqualTo("clear_cache");

    assertThat(Ladder.next(ladder, s -> 5, Map.of())).isNull();
  }
}
