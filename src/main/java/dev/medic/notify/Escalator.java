package dev.medic.notify;

import dev.medic.config.EscalationConfig;
import dev.medic.incident.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.schedule.Threads;
import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an incident to people. The escalation is committed first; then a loud log line; then every
 * channel is called on its own virtual thread, so a slow or failing receiver never blocks healing.
 * An incident is escalated at most once.
 */
public final class Escalator {

  private static final Logger log = LoggerFactory.getLogger("medic.escalation");

  private final IncidentBook book;
  private final Store store;
  private final Supplier<EscalationConfig> config;
  private final HttpClient http;
  private final Clock clock;
  private final Set<Thread> deliveries = ConcurrentHashMap.newKeySet();

  public Escalator(IncidentBook book, Store store, Supplier<EscalationConfig> config, HttpClient http, Clock clock) {
    this.book = book;
    this.store = store;
    this.config = config;
    this.http = http;
    this.clock = clock;
  }

  /** Returns true if this call escalated the incident (false if it was closed or already escalated). */
  public boolean escalate(Incident incident, String reason) {
    Optional<Incident> current = book.openIncident(incident.id());
    if (current.isEmpty() || current.get().escalated()) {
      return false;
    }
    Optional<Incident> escalated = book.escalate(incident.id(), reason);
    if (escalated.isEmpty()) {
      return false;
    }
    Incident i = escalated.get();
    store.audit(AuditEntry.of(clock.instant(), i.id(), i.target(), "escalated", null, "", reason));
    log.warn("ESCALATED incident #{} {} {} [{}]: {}", i.id(), i.target(), i.condition(), i.severity().key(), reason);
    if (!config.get().enabled()) {
      return true;
    }
    broadcast("escalation", i, reason, java.util.Map.of());
    return true;
  }

  /** Tells people that a destructive remedy waits for their approval. */
  public void approvalNeeded(Incident incident, long approvalId, String text) {
    log.warn("APPROVAL NEEDED for incident #{} {} {}: {} (POST /api/approvals/{} with {\"decision\":\"approve\"})",
        incident.id(), incident.target(), incident.condition(), text, approvalId);
    if (config.get().enabled()) {
      broadcast("approval_needed", incident, text, java.util.Map.of("approval_id", approvalId));
    }
  }

  private void broadcast(String event, Incident i, String reason, java.util.Map<String, Object> extra) {
    for (ChannelSpec channel : config.get().channels()) {
      Thread t = Thread.ofVirtual().name("notify-" + channel.name()).unstarted(() -> {
        try {
          deliver(channel, event, i, reason, extra);
        } finally {
          deliveries.remove(Thread.currentThread());
        }
      });
      deliveries.add(t);
      t.start();
    }
  }

  /**
   * Waits up to {@code patience} for notifications already on their way (on shutdown, before the
   * store closes: each delivery records its outcome in the audit). Returns how many were still
   * in flight when patience ran out; those are interrupted.
   */
  public int drain(Duration patience) throws InterruptedException {
    Threads.joinAll(Set.copyOf(deliveries), patience);
    Set<Thread> late = Set.copyOf(deliveries);
    late.forEach(Thread::interrupt);
    return late.size();
  }

  private void deliver(ChannelSpec channel, String event, Incident i, String reason, java.util.Map<String, Object> extra) {
    try {
      channel.send(http, event, i, reason, extra);
      store.audit(AuditEntry.of(clock.instant(), i.id(), i.target(), "notified", null, "ok",
          "channel " + channel.name() + ": " + event));
    } catch (Exception e) {
      log.error("channel {} could not deliver incident #{}: {}", channel.name(), i.id(), e.toString());
      try {
        store.audit(AuditEntry.of(clock.instant(), i.id(), i.target(), "notified", null, "failed",
            "channel " + channel.name() + ": " + e.getMessage()));
      } catch (RuntimeException storeDown) {
        // Only when medic is stopping past drain(): the log line above is the record then.
        log.error("could not record the failed delivery of incident #{}: {}", i.id(), storeDown.toString());
      }
    }
  }
}
