package dev.medic.notify.pagerduty;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** PagerDuty's Events API v2: the {@code pagerduty} channel. */
public final class PagerDutyPlugin implements Plugin {

  @Override
  public String name() {
    return "pagerduty";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.channel("pagerduty", PagerDutyChannel.class);
  }
}
