package dev.medic.runtime;

import dev.medic.api.Metrics;
import dev.medic.heal.ActionRunner;
import dev.medic.live.HealResult;
import dev.medic.live.LiveFeed;
import dev.medic.live.StatusChange;
import dev.medic.spi.Incident;
import dev.medic.spi.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * Hands the runtime's news to the live feed: status changes from the check path, and finished
 * remedy attempts (which also count in the metrics, as before).
 */
final class LiveRelay implements StatusListener, ActionRunner.ActionListener {

  private final LiveFeed feed;
  private final Metrics metrics;
  private final Clock clock;

  LiveRelay(LiveFeed feed, Metrics metrics, Clock clock) {
    this.feed = feed;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void changed(String target, Status before, Status now, Instant at, String message) {
    feed.statusChanged(new StatusChange(target, key(before), key(now), at, message));
  }

  @Override
  public void attempted(String target, String strategy, String result) {
    metrics.attempt(result);
  }

  @Override
  public void finished(Incident incident, String strategy, String result, int attempt, int of, String detail) {
    attempted(incident.target(), strategy, result);
    feed.healed(new HealResult(incident.target(), strategy, result, attempt, of, clock.instant(), detail));
  }

  private static String key(Status status) {
    return status.name().toLowerCase(Locale.ROOT);
  }
}
