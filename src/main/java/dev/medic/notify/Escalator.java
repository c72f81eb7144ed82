package dev.medic.notify;

import dev.medic.spi.Channel;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.config.EscalationConfig;
import dev.medic.spi.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.incident.IncidentEvent;
import dev.medic.store.Outbox;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people about incidents, as a subscriber of the book's events: an escalation or a request
 * for approval gets a loud log line and one message per channel; a resolution gets the all-clear to
 * every channel that was told about the incident. Messages go to the {@link Dispatcher}, which
 * delivers them through the outbox, off the healing path. The incident's state is the book's: this
 * class only reads the events.
 */
public final class Escalator {

  private static final Logger log = LoggerFactory.getLogger("medic.escalation");

  private final Supplier<EscalationConfig> config;
  private final Dispatcher dispatcher;
  private final AutoCloseable subscription;

  /** Delivers through the store's own outbox. */
  public Escalator(IncidentBook book, Store store, Supplier<EscalationConfig> config, ChannelContext channels,
      Clock clock) {
    this(book, store, store.outbox(), config, channels, clock);
  }

  /** Subscribes to the book's events at once. */
  public Escalator(IncidentBook book, Store store, Outbox outbox, Supplier<EscalationConfig> config,
      ChannelContext context, Clock clock) {
    this.config = config;
    Supplier<List<? extends Channel>> channels = () -> config.get().channels();
    this.dispatcher = new Dispatcher(outbox, store, channels, () -> config.get().retry(), context,
        clock).start();
    this.subscription = book.events().subscribe("notify", this::on);
  }

  private void on(IncidentEvent event) {
    switch (event) {
      case IncidentEvent.Escalated e -> escalated(e.incident(), e.reason());
      case IncidentEvent.ApprovalRequested a -> approvalNeeded(a.incident(), a.approvalId(), a.detail());
      case IncidentEvent.Resolved r -> {
        // A symptom folded into a crash loop is not fixed: the all-clear comes with the loop's own.
        if (!r.incident().symptom()) {
          resolved(r.incident());
        }
      }
      case IncidentEvent.Opened o -> {}
      case IncidentEvent.Attempted a -> {}
      case IncidentEvent.Reopened r -> {}
      case IncidentEvent.Linked l -> {}
      case IncidentEvent.Unlinked u -> {}
    }
  }

  private void escalated(Incident i, String reason) {
    log.warn("ESCALATED incident #{} {} {} [{}]: {}", i.id(), i.target(), i.condition(), i.severity().key(), reason);
    if (config.get().enabled()) {
      broadcast(MessageKind.ESCALATION, i, reason, Map.of());
    }
  }

  /** Tells people that a destructive remedy waits for their approval. */
  private void approvalNeeded(Incident incident, long approvalId, String text) {
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
  private void resolved(Incident incident) {
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
      if (channel.accepts(i.severity())) {
        dispatcher.submit(channel.name(), notice(kind, i, reason, extra));
      }
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
   * Stops hearing events (those already heard are queued first), then waits up to {@code patience}
   * for deliveries under way (on shutdown, before the store closes: each records its outcome); those
   * still running then are interrupted and stay in the outbox for the next start. Returns how many
   * that was.
   */
  public int drain(Duration patience) throws InterruptedException {
    try {
      subscription.close();
    } catch (Exception e) {
      log.warn("could not stop hearing incident events: {}", e.toString());
    }
    return dispatcher.stop(patience);
  }
}
