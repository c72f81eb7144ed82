package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionsTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void loggingInOverAndOverWithOneTokenDropsOnlyThatTokensOldestLogins() {
    Sessions sessions = new Sessions(clock, () -> Duration.ofHours(12), new SecureRandom(), 100);
    String operator = sessions.start("operator-hash");
    List<String> viewer = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      viewer.add(sessions.start("viewer-hash"));
    }

    assertThat(sessions.use(operator)).as("another token's login survives").hasValue("operator-hash");
    assertThat(sessions.size()).isEqualTo(Sessions.PER_TOKEN + 1);
    assertThat(sessions.use(viewer.getLast())).hasValue("viewer-hash");
    assertThat(sessions.use(viewer.getFirst())).isEmpty();
  }
}
