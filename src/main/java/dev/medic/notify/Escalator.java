package dev.medic.notify;

import dev.medic.spi.Channel;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.config.EscalationConfig;
import dev.medic.spi.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.store.AuditEntry;
import dev.medic.store.Outbox;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an incident to people. The escalation is committed first; then a loud log line; then one
 * message per channel goes to the {@link Dispatcher}, which delivers it through the outbox, off the
 * healing path. An incident is escalated at most once; when it resolves, every channel that was
 * told about it gets the all-clear.
 */
public final class Escalator {

  private static final Logger log = LoggerFactory.getLogger("medic.escalation");

  private final IncidentBook book;
  private final Store store;
  private final Supplier<EscalationConfig> config;
  private final Clock clock;
  private final Dispatcher dispatcher;

  /** Delivers through the store's own outbox. */
  public Escalator(IncidentBook book, Store store, Supplier<EscalationConfig> config, ChannelContext channels,
      Clock clock) {
    this(book, store, store.outbox(), config, channels, clock);
  }

  public Escalator(IncidentBook book, Store store, Outbox outbox, Supplier<EscalationConfig> config,
      ChannelContext context, Clock clock) {
    this.book = book;
    this.store = store;
    this.config = config;
    this.clock = clock;
    Supplier<List<? extends Channel>> channels = () -> config.get().channels();
    this.dispatcher = new Dispatcher(outbox, store, channels, () -> config.get().retry(), context,
        clock).start();
  }

  /** Returns true if this call escalated the incident (false if it was closed or already escalated). */
  public boolean escalate(Incident incident, String rawReason) {
    String reason = book.redact(rawReason);
    Optional<Incident> current = book.openIncident(incident.id());
    if (current.isEmpty() || current.get().escalated()) {
      return false;
    }
    Optional<Incident> escalated = book.escalate(incident.id(), reason);
    if (escalated.isEmpty()) {
      return false;
    }
    Incident i = escalated.get();
    try {
      store.audit().append(AuditEntry.of(clock.instant(), i.id(), i.target(), "escalated", null, "", reason));
    } catch (RuntimeException e) {
      // The page matters more than its audit row: it still goes out.
      log.error("could not audit the escalation of incident #{}: {}", i.id(), Causes.ofStore(e));
    }
    log.warn("ESCALATED incident #{} {} {} [{}]: {}", i.id(), i.target(), i.condition(), i.severity().key(), reason);
    if (!config.get().enabled()) {
      return true;
    }
    broadcast(MessageKind.ESCALATION, i, reason, Map.of());
    return true;
  }

  /** Tells people that a destructive remedy waits for their approval. */
  public void approvalNeeded(Incident incident, long approvalId, String rawText) {
    String text = book.redact(rawText);
    log.warn("APPROVAL NEEDED for incident #{} {} {}: {} (POST /api/approvals/{} with {\"decision\":\"approve\"})",
        incident.id(), incident.target(), incident.condition(), text, approvalId);
    if (config.get().enabled()) {
      broadcast(MessageKind.APPROVAL_NEEDED, incident, text, Map.of("approval_id", approvalId));
    }
  }

  /**
   * The all-clear: every channel that was sent a page or an approval request about the incident
   * (in this run or before a restart) gets a {@code resolved} message, after that page.
   */
  public void resolved(Incident incident) {
    Set<String> told = dispatcher.channelsTold(incident.id());
    if (told.isEmpty() || !config.get().enabled()) {
      return;
    }
    String reason = incident.resolutionDetails() == null ? "resolved" : incident.resolutionDetails();
    for (String channel : told) {
      dispatcher.submit(channel, notice(MessageKind.RESOLVED, incident, reason, Map.of()));
    }
    dispatcher.forget(incident.id());
  }

  private void broadcast(MessageKind kind, Incident i, String reason, Map<String, Object> extra) {
    for (ChannelSpec channel : config.get().channels()) {
      dispatcher.submit(channel.name(), notice(kind, i, reason, extra));
    }
  }

  private static Notice notice(MessageKind kind, Incident i, String reason, Map<String, Object> extra) {
    return new Notice(UUID.randomUUID().toString(), kind, i, reason, extra);
  }

  /** What is still to be delivered (for tests and the API). */
  public List<Delivery> pendingDeliveries() {
    return dispatcher.pending();
  }

  /**
   * Waits up to {@code patience} for deliveries under way (on shutdown, before the store closes: each
   * records its outcome); those still running then are interrupted and stay in the outbox for the
   * next start. Returns how many that was.
   */
  public int drain(Duration patience) throws InterruptedException {
    return dispatcher.stop(patience);
  }
}
