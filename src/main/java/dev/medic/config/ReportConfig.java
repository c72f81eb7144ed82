package dev.medic.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One scheduled report ({@code reports:}): how the targets did over the last {@code hours}, sent to
 * channels at the times a cron expression names.
 *
 * @param schedule a 5-field UNIX cron expression ({@code 15 3,10 * * *}), read in {@code zone}
 * @param zone the time zone the schedule is read in; UTC by default
 * @param hours the window the report covers, 1..720; 12 by default
 * @param channels names from {@code escalation.channels} that can carry reports
 * @param labels only targets that carry all these labels; empty: every target
 * @param sendWhen {@code always}, or {@code not_all_good} to stay quiet while all is good
 */
public record ReportConfig(String name, String schedule, String zone, Integer hours, List<String> channels,
    Map<String, String> labels, String sendWhen) {

  public static final int DEFAULT_HOURS = 12;
  public static final int MAX_HOURS = 720;
  public static final String ALWAYS = "always";
  public static final String NOT_ALL_GOOD = "not_all_good";

  private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  public ReportConfig {
    // Messages start with the key, so the config error points at it.
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("name may hold letters, digits, '.', '_' and '-', got '" + name + "'");
    }
    if (schedule == null || schedule.isBlank()) {
      throw new IllegalArgumentException("schedule is required (a 5-field cron expression like '15 3,10 * * *')");
    }
    cron(schedule);
    zone = zone == null ? "UTC" : zone;
    zoneOf(zone);
    hours = hours == null ? DEFAULT_HOURS : hours;
    if (hours < 1 || hours > MAX_HOURS) {
      throw new IllegalArgumentException("hours must be 1.." + MAX_HOURS + ", got " + hours);
    }
    channels = channels == null ? List.of() : List.copyOf(channels);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    sendWhen = sendWhen == null ? ALWAYS : sendWhen;
    if (!sendWhen.equals(ALWAYS) && !sendWhen.equals(NOT_ALL_GOOD)) {
      throw new IllegalArgumentException("send_when must be always or not_all_good, got '" + sendWhen + "'");
    }
  }

  /** The schedule, parsed. */
  public Cron cron() {
    return cron(schedule);
  }

  public ZoneId zoneId() {
    return zoneOf(zone);
  }

  /** Whether a report with this verdict's goodness is sent at all. */
  public boolean sends(boolean allGood) {
    return !allGood || sendWhen.equals(ALWAYS);
  }

  /** Whether a target with these labels is in the report. */
  public boolean covers(Map<String, String> targetLabels) {
    return targetLabels.entrySet().containsAll(labels.entrySet());
  }

  private static Cron cron(String expression) {
    try {
      Cron cron = CRON.parse(expression.strip());
      cron.validate();
      return cron;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schedule must be a 5-field cron expression (minute hour day-of-month month"
          + " day-of-week, like '15 3,10 * * *'), got '" + expression + "': " + e.getMessage());
    }
  }

  private static ZoneId zoneOf(String zone) {
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("zone must be a time zone like UTC or Europe/Amsterdam, got '" + zone + "'");
    }
  }
}
