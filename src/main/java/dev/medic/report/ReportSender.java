package dev.medic.report;

import dev.medic.config.RetryPolicy;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Report;
import dev.medic.spi.ReportChannel;
import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a report through its channels, each on a virtual thread of its own so that a slow or failing
 * channel never delays another; with a retry policy, a refused attempt is tried again as {@code
 * escalation.retry} says. Each channel's outcome goes to the audit (kind {@code report}, result {@code
 * delivered} or {@code failed}), with secrets hidden; whoever asked for the report hears the outcomes.
 */
public final class ReportSender {

  private static final Logger log = LoggerFactory.getLogger("medic.report");

  /** Waits between attempts; tests move a settable clock instead of waiting. */
  @FunctionalInterface
  public interface Pause {
    void sleep(Duration d) throws InterruptedException;
  }

  private final Store store;
  private final ChannelContext context;
  private final Clock clock;
  private final Pause pause;
  private final UnaryOperator<String> redact;

  public ReportSender(Store store, ChannelContext context, Clock clock, Pause pause, UnaryOperator<String> redact) {
    this.store = store;
    this.context = context;
    this.clock = clock;
    this.pause = pause;
    this.redact = redact;
  }

  /**
   * Sends to every channel at once and waits for all of them.
   *
   * @param retry how long to keep trying a channel; null: once
   * @return one outcome per channel, in the channels' order
   */
  public List<ChannelOutcome> send(Report report, List<ReportChannel> channels, RetryPolicy retry)
      throws InterruptedException {
    AtomicReferenceArray<ChannelOutcome> outcomes = new AtomicReferenceArray<>(channels.size());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) {
      int n = i;
      ReportChannel channel = channels.get(i);
      threads.add(Thread.ofVirtual().name("medic-report-" + channel.name())
          .start(() -> outcomes.set(n, deliver(report, channel, retry))));
    }
    try {
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      throw e;
    }
    List<ChannelOutcome> all = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) {
      all.add(outcomes.get(i));
    }
    return all;
  }

  private ChannelOutcome deliver(Report report, ReportChannel channel, RetryPolicy retry) {
    Instant first = clock.instant();
    int attempts = 0;
    String problem;
    while (true) {
      attempts++;
      try {
        channel.deliverReport(context, report);
        return record(report, channel, new ChannelOutcome(channel.name(), true, attempts, "delivered"));
      } catch (DeliveryFailure e) {
        problem = redact.apply(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return record(report, channel, new ChannelOutcome(channel.name(), false, attempts, "medic stopped while sending"));
      } catch (RuntimeException e) {
        // A bug of a channel is its own outcome, not the end of the other channels' sending.
        problem = redact.apply(e.toString());
      }
      Optional<Instant> next = retry == null ? Optional.empty() : retry.nextAttempt(first, attempts, clock.instant());
      if (next.isEmpty()) {
        return record(report, channel, new ChannelOutcome(channel.name(), false, attempts, problem));
      }
      log.info("report {} to {}: attempt {} failed ({}), trying again at {}", report.name(), channel.name(), attempts,
          problem, next.get());
      try {
        pause.sleep(Duration.between(clock.instant(), next.get()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return record(report, channel, new ChannelOutcome(channel.name(), false, attempts, problem + "; medic stopped"));
      }
    }
  }

  private ChannelOutcome record(Report report, ReportChannel channel, ChannelOutcome outcome) {
    String detail = "report " + report.name() + " (" + report.verdict().key() + ", " + report.hours() + "h) to "
        + channel.name() + " (" + channel.destination() + "): " + outcome.detail()
        + (outcome.attempts() > 1 ? " after " + outcome.attempts() + " attempts" : "");
    try {
      store.audit().append(AuditEntry.of(clock.instant(), null, null, "report", null,
          outcome.delivered() ? "delivered" : "failed", detail));
    } catch (RuntimeException e) {
      log.warn("could not audit \"{}\": {}", detail, e.toString());
    }
    return outcome;
  }
}
