package dev.medic.schedule;

import dev.medic.spi.Probe;
import java.time.Duration;

/** One check of one target, ready to run on its interval. */
public record CheckJob(String target, String check, String kind, Probe probe, Duration interval, Duration timeout) {

  public String key() {
    return target + "/" + check;
  }
}
