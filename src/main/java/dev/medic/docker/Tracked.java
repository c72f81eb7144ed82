package dev.medic.docker;

import dev.medic.spi.GrowthTrend;
import java.time.Instant;

/** What the probe remembers of one container between runs: restarts, CPU counters, memory trend. */
final class Tracked {

  final RestartWindow restarts;
  final GrowthTrend memory;
  Instant startedAt;
  /** The CPU counters of the previous sample, for the share between runs; negative when none. */
  double cpuTotal = -1;
  double systemTotal = -1;

  Tracked(DockerCheck spec) {
    this.restarts = new RestartWindow(spec.restarts().within());
    this.memory = new GrowthTrend(spec.leak().window());
  }
}
