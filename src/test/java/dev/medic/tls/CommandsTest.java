package dev.medic.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The renew and reload runner: exit codes, the output's tail, no shell. */
class CommandsTest {

  /** About 130 KB: past what is kept in memory, so the oldest output is dropped as it comes. */
  @Test
  void keepsTheEndOfALongOutputWhereTheErrorIs() throws Exception {
    Commands.Result r = Commands.run(
        List.of("sh", "-c", "i=0; while [ $i -lt 12000 ]; do echo line $i; i=$((i+1)); done; echo 'the real error'; exit 4"),
        Duration.ofSeconds(20));

    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.succeeded()).isFalse();
    assertThat(r.tail()).hasSize(Commands.TAIL_CHARS + 3).startsWith("...").endsWith("line 11999\nthe real error");
  }

  @Test
  void argumentsAreDataNotShellSyntax() throws Exception {
    Commands.Result r = Commands.run(List.of("echo", "$(id); rm -rf /tmp/nothing"), Duration.ofSeconds(10));

    assertThat(r.succeeded()).isTrue();
    assertThat(r.tail()).isEqualTo("$(id); rm -rf /tmp/nothing");
  }
}
