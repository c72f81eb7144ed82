package dev.medic.runtime;

import dev.medic.api.DebugRoutes.CheckSchedule;
import dev.medic.schedule.Scheduler;
import dev.medic.spi.Observation;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** How collection stands ({@code /api/debug/collection-status}): the scheduler's view beside each check's last result. */
final class CollectionStatus implements Supplier<List<CheckSchedule>> {

  private final Scheduler scheduler;
  private final TargetRuntimes runtimes;
  private final Clock clock;

  CollectionStatus(Scheduler scheduler, TargetRuntimes runtimes, Clock clock) {
    this.scheduler = scheduler;
    this.runtimes = runtimes;
    this.clock = clock;
  }

  @Override
  public List<CheckSchedule> get() {
    Instant now = clock.instant();
    return scheduler.standings().stream()
        .map(s -> {
          TargetRuntime rt = runtimes.get(s.target());
          Map<String, Observation> last = rt == null ? Map.of() : rt.lastObservations();
          Observation o = last.get(s.check());
          return new CheckSchedule(s.target(), s.check(), o == null ? null : o.at(), now.plus(s.dueIn()),
              s.dueIn().isNegative() ? s.dueIn().negated().toMillis() : 0, s.running());
        })
        .sorted(Comparator.comparing(CheckSchedule::target).thenComparing(CheckSchedule::check))
        .toList();
  }
}
