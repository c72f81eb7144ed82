package dev.medic.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ReportConfig;
import dev.medic.support.ManualScheduler;
import dev.medic.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Report schedules on a settable clock: the cron times, a zone across daylight saving time, reloads. */
class ReportScheduleTest {

  /** A report due, and when it said it would be due next. */
  record Fired(String report, Instant at, Instant next) {}

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-27T00:00:00Z"));
  private final ManualScheduler manual = new ManualScheduler(clock, o -> { });
  private final List<Fired> fired = new CopyOnWriteArrayList<>();
  private final ReportSchedule schedule = new ReportSchedule(manual.timers(), clock,
      (r, next) -> fired.add(new Fired(r.name(), clock.instant(), next)));

  @AfterEach
  void close() {
    schedule.close();
    manual.close();
  }

  private static ReportConfig report(String name, String cron, String zone) {
    return new ReportConfig(name, cron, zone, 4, List.of("chat"), Map.of(), null);
  }

  @Test
  void firesAtQuarterPastThreeAndHalfPastTenUtcEveryDay() {
    schedule.schedule(List.of(report("staging", "15 3 * * *", null), report("staging-noon", "30 10 * * *", null)));

    manual.tick(Duration.ofDays(2));

    assertThat(fired).containsExactly(
        new Fired("staging", Instant.parse("2026-03-27T03:15:00Z"), Instant.parse("2026-03-28T03:15:00Z")),
        new Fired("staging-noon", Instant.parse("2026-03-27T10:30:00Z"), Instant.parse("2026-03-28T10:30:00Z")),
        new Fired("staging", Instant.parse("2026-03-28T03:15:00Z"), Instant.parse("2026-03-29T03:15:00Z")),
        new Fired("staging-noon", Instant.parse("2026-03-28T10:30:00Z"), Instant.parse("2026-03-29T10:30:00Z")));
  }

  @Test
  void oneExpressionWithTwoHoursFiresAtBothAndNamesTheNextInTheReport() {
    schedule.schedule(List.of(report("staging", "15 3 * * *", null), report("twice", "30 3,10 * * *", null)));

    manual.tick(Duration.ofHours(12));

    assertThat(fired).filteredOn(f -> f.report().equals("twice")).containsExactly(
        new Fired("twice", Instant.parse("2026-03-27T03:30:00Z"), Instant.parse("2026-03-27T10:30:00Z")),
        new Fired("twice", Instant.parse("2026-03-27T10:30:00Z"), Instant.parse("2026-03-28T03:30:00Z")));
  }

  @Test
  void keepsNineOClockAmsterdamTimeAcrossTheChangeToSummerTime() {
    // Summer time starts in Europe on Sunday 2026-03-29: 09:00 is 08:00 UTC before it and 07:00 UTC after.
    schedule.schedule(List.of(report("morning", "0 9 * * *", "Europe/Amsterdam")));

    manual.tick(Duration.ofDays(4));

    assertThat(fired).extracting(Fired::at).containsExactly(
        Instant.parse("2026-03-27T08:00:00Z"),
        Instant.parse("2026-03-28T08:00:00Z"),
        Instant.parse("2026-03-29T07:00:00Z"),
        Instant.parse("2026-03-30T07:00:00Z"));
  }

  @Test
  void aReloadReplacesTheSchedulesAndARemovedReportNoLongerFires() {
    schedule.schedule(List.of(report("staging", "15 3 * * *", null)));
    manual.tick(Duration.ofHours(4));
    schedule.schedule(List.of(report("evening", "0 20 * * *", null)));

    manual.tick(Duration.ofDays(1));

    assertThat(fired).extracting(Fired::report, Fired::at).containsExactly(
        org.assertj.core.groups.Tuple.tuple("staging", Instant.parse("2026-03-27T03:15:00Z")),
        org.assertj.core.groups.Tuple.tuple("evening", Instant.parse("2026-03-27T20:00:00Z")));
  }

  @Test
  void theNextTimeIsStrictlyAfterTheGivenInstant() {
    ReportConfig r = report("staging", "15 3 * * *", null);

    assertThat(ReportSchedule.nextFire(r, Instant.parse("2026-03-27T03:15:00Z")))
        .contains(Instant.parse("2026-03-28T03:15:00Z"));
    assertThat(ReportSchedule.nextFire(r, Instant.parse("2026-03-27T03:14:59Z")))
        .contains(Instant.parse("2026-03-27T03:15:00Z"));
  }
}
