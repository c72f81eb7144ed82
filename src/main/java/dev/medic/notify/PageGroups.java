package dev.medic.notify;

import dev.medic.spi.Incident;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pages waiting for their group window to close, by channel: the first page to a channel opens its
 * window, the pages to it until the window closes join it. Not thread-safe: the escalator holds its
 * own lock around every call. Held in memory only: after a restart of medic the escalator works out
 * again, from the incidents, which pages are due.
 */
final class PageGroups {

  /** A page held for its group window. */
  record Page(Incident incident, String reason, Instant at) {}

  private final Map<String, List<Page>> waiting = new LinkedHashMap<>();

  void add(String channel, Incident incident, String reason, Instant at) {
    waiting.computeIfAbsent(channel, c -> new ArrayList<>()).add(new Page(incident, reason, at));
  }

  /** Takes out the groups whose window has closed by {@code now}, oldest page first in each. */
  Map<String, List<Page>> takeClosed(Instant now, Duration window) {
    Map<String, List<Page>> closed = new LinkedHashMap<>();
    waiting.entrySet().removeIf(e -> {
      if (now.isBefore(e.getValue().getFirst().at().plus(window))) {
        return false;
      }
      closed.put(e.getKey(), e.getValue());
      return true;
    });
    return closed;
  }
}
