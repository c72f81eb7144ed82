package dev.medic.notify;

import dev.medic.config.RetryPolicy;
import dev.medic.spi.Channel;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Durations;
import dev.medic.schedule.Threads;
import dev.medic.store.AuditEntry;
import dev.medic.store.Outbox;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued messages, at least once. Each message is written to the {@link Outbox} before its
 * first attempt, so a restart of medic sends what was still pending; if the outbox cannot be written
 * (the store is failing) the message is sent and retried from memory all the same. Failed attempts
 * are retried on the {@link RetryPolicy} until it gives up; each failure is logged with the channel,
 * its destination and the cause, and giving up is audited with the cause.
 *
 * <p>One thread decides what is due; every attempt runs on its own virtual thread, so a channel that
 * hangs delays neither other channels nor healing. An all-clear waits until the earlier messages
 * about its incident to the same channel are done, so that it never overtakes the page.
 */
public final class Dispatcher {

  private static final Logger log = LoggerFactory.getLogger("medic.escalation");
  /** The longest the loop sleeps without being woken: a clock that jumps is noticed within it. */
  private static final Duration LONGEST_NAP = Duration.ofMinutes(1);

  private final Outbox outbox;
  private final Store store;
  private final DeliveryRecords records;
  private final Supplier<List<? extends Channel>> channels;
  private final Supplier<RetryPolicy> retry;
  private final ChannelContext context;
  private final Clock clock;
  /** Every message not yet delivered or given up, by idempotency key. */
  private final Map<String, Delivery> work = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<Thread> attempts = ConcurrentHashMap.newKeySet();
  /** Channels told about each incident in this run: the outbox's answer, should the store not give it. */
  private final Map<Long, Set<String>> told = new ConcurrentHashMap<>();
  /**
   * The pages a grouped message stands for, by the message's key. Each has its own outbox row,
   * settled with the message: after a restart that cut them off, they are sent one by one.
   */
  private final Map<String, List<Delivery>> groups = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private boolean poked;
  private volatile boolean stopping;
  private Thread loop;

  public Dispatcher(Outbox outbox, Store store, Supplier<List<? extends Channel>> channels,
      Supplier<RetryPolicy> retry, ChannelContext context, Clock clock) {
    this.outbox = outbox;
    this.store = store;
    this.records = new DeliveryRecords(outbox, store);
    this.channels = channels;
    this.retry = retry;
    this.context = context;
    this.clock = clock;
  }

  /** Takes up what an earlier run left pending, then delivers until {@link #stop}. */
  public Dispatcher start() {
    resume();
    loop = Thread.ofPlatform().daemon().name("medic-outbox").start(this::run);
    return this;
  }

  private void resume() {
    List<Outbox.Row> rows;
    try {
      rows = outbox.pending();
    } catch (RuntimeException e) {
      log.error("could not read the outbox: {}; messages queued before this start wait for the next start",
          Causes.ofStore(e));
      return;
    }
    for (Outbox.Row r : rows) {
      Notice notice;
      try {
        notice = Notice.fromJson(r.payload());
      } catch (IllegalArgumentException e) {
        String why = "unreadable outbox row: " + Causes.describe(e);
        log.error("channel {}: {} of incident #{} cannot be sent: {}", r.channel(), r.kind(), r.incidentId(), why);
        Instant now = clock.instant();
        DeliveryRecords.bestEffort("record the failed row " + r.id(), () -> outbox.failed(r.id(), r.attempts(), now, why));
        DeliveryRecords.bestEffort("audit the unreadable row " + r.id(), () -> store.audit().append(AuditEntry.of(now, r.incidentId(), r.target(),
            "notified", null, "failed", "channel " + r.channel() + ": " + r.kind() + " gave up: " + why)));
        continue;
      }
      work.put(notice.idempotencyKey(), new Delivery(r.id(), r.channel(), notice, r.attempts(), r.createdAt(),
          r.nextAttemptAt(), r.lastError()));
      if (notice.kind() != MessageKind.RESOLVED) {
        told.computeIfAbsent(r.incidentId(), id -> ConcurrentHashMap.newKeySet()).add(r.channel());
      }
    }
    if (!rows.isEmpty()) {
      log.info("{} message(s) queued before this start are still to be delivered", rows.size());
    }
  }

  /**
   * Queues one message to one channel and wakes the loop. The outbox row is written first; if it
   * cannot be, the message is delivered from memory.
   *
   * @return false if the same message (incident, channel, kind, ref) was queued before
   */
  public boolean submit(String channel, Notice notice) {
    Instant now = clock.instant();
    Delivery d = new Delivery(0, channel, notice, 0, now, now, null);
    if (work.values().stream().anyMatch(d::sameMessage)) {
      return false;
    }
    try {
      Optional<Long> id = outbox.enqueue(d.row());
      if (id.isEmpty()) {
        return false;
      }
      d = d.stored(id.get());
    } catch (RuntimeException e) {
      log.error("channel {}: could not write {} to the outbox ({}); delivering it from memory, where it does not"
          + " survive a restart of medic", channel, d.what(), Causes.ofStore(e));
    }
    if (notice.kind() != MessageKind.RESOLVED) {
      told.computeIfAbsent(notice.incident().id(), id -> ConcurrentHashMap.newKeySet()).add(channel);
    }
    work.put(d.key(), d);
    wake();
    return true;
  }

  /**
   * Queues one page to one channel that stands for several incidents: {@code lead} carries the
   * others' lines ({@link Notice#groupedWith}); each of {@code members} gets its own outbox row,
   * recorded as delivered (or given up) with the lead, so that their all-clears and reminders
   * follow as for any page.
   */
  public void submitGroup(String channel, Notice lead, List<Notice> members) {
    Instant now = clock.instant();
    List<Delivery> stored = new ArrayList<>();
    for (Notice m : members) {
      Delivery d = new Delivery(0, channel, m, 0, now, now, null);
      try {
        Optional<Long> id = outbox.enqueue(d.row());
        if (id.isEmpty()) {
          continue; // paged on this channel before
        }
        d = d.stored(id.get());
      } catch (RuntimeException e) {
        log.error("channel {}: could not write {} to the outbox ({}); it goes out within the message about"
            + " incident #{}", channel, d.what(), Causes.ofStore(e), lead.incident().id());
      }
      told.computeIfAbsent(m.incident().id(), id -> ConcurrentHashMap.newKeySet()).add(channel);
      stored.add(d);
    }
    Notice message = lead.groupedWith(stored.stream().map(Delivery::notice).toList());
    groups.put(message.idempotencyKey(), stored);
    if (!submit(channel, message)) {
      // The lead was paged on this channel before: the others go on their own.
      groups.remove(message.idempotencyKey());
      stored.forEach(d -> work.put(d.key(), d));
      wake();
    }
  }

  /** The channels that were sent (or are being sent) something other than an all-clear about the incident. */
  public Set<String> channelsTold(long incidentId) {
    Set<String> result = new LinkedHashSet<>(told.getOrDefault(incidentId, Set.of()));
    try {
      outbox.forIncident(incidentId).stream()
          .filter(r -> !MessageKind.RESOLVED.key().equals(r.kind()))
          .forEach(r -> result.add(r.channel()));
    } catch (RuntimeException e) {
      log.warn("could not read the outbox of incident #{} ({}); going by what this run sent", incidentId,
          Causes.ofStore(e));
    }
    return result;
  }

  /** Forgets which channels were told about a closed incident (its all-clear is queued). */
  public void forget(long incidentId) {
    told.remove(incidentId);
  }

  /** Messages not yet delivered or given up, oldest first. */
  public List<Delivery> pending() {
    return work.values().stream().sorted(Comparator.comparing(Delivery::createdAt)).toList();
  }

  /** Makes the loop look again at once (after a message was queued, an attempt ended, or the clock moved). */
  public void wake() {
    lock.lock();
    try {
      poked = true;
      woken.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (!stopping) {
      Instant now = clock.instant();
      Instant next = null;
      for (Delivery d : work.values()) {
        if (inFlight.contains(d.key()) || waitsForEarlier(d)) {
          continue;
        }
        if (!d.nextAttemptAt().isAfter(now)) {
          launch(d);
        } else if (next == null || d.nextAttemptAt().isBefore(next)) {
          next = d.nextAttemptAt();
        }
      }
      Duration nap = next == null ? LONGEST_NAP : Duration.between(now, next);
      nap(nap.compareTo(LONGEST_NAP) > 0 ? LONGEST_NAP : nap);
    }
  }

  /** An all-clear is sent only after the page it clears (delivered or given up). */
  private boolean waitsForEarlier(Delivery d) {
    return d.notice().kind() == MessageKind.RESOLVED
        && work.values().stream().anyMatch(e -> e.notice().kind() != MessageKind.RESOLVED
            && e.notice().incident().id() == d.notice().incident().id() && e.channel().equals(d.channel()));
  }

  private void nap(Duration d) {
    lock.lock();
    try {
      if (!poked && !stopping) {
        woken.awaitNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), d.toNanos()));
      }
      poked = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  private void launch(Delivery d) {
    inFlight.add(d.key());
    Thread t = Thread.ofVirtual().name("notify-" + d.channel()).unstarted(() -> {
      try {
        attempt(d);
      } finally {
        inFlight.remove(d.key());
        attempts.remove(Thread.currentThread());
        wake();
      }
    });
    attempts.add(t);
    t.start();
  }

  private void attempt(Delivery d) {
    Channel channel = channels.get().stream().filter(c -> c.name().equals(d.channel())).findFirst().orElse(null);
    if (channel == null) {
      giveUp(d, d.attempts(), null, "channel " + d.channel() + " is not configured any more");
      return;
    }
    int attempt = d.attempts() + 1;
    try {
      channel.deliver(context, d.notice());
    } catch (InterruptedException e) {
      // medic is stopping: this attempt does not count, and the row stays pending for the next start.
      log.info("channel {}: {} interrupted by shutdown; it stays queued", d.channel(), d.what());
      return;
    } catch (DeliveryFailure e) {
      failed(d, attempt, channel, e.getMessage());
      return;
    } catch (RuntimeException e) {
      failed(d, attempt, channel, Causes.describe(e));
      return;
    }
    delivered(d, attempt, channel);
  }

  private void delivered(Delivery d, int attempt, Channel channel) {
    work.remove(d.key());
    log.info("channel {} ({}) accepted {}{}", channel.name(), channel.destination(), d.what(),
        attempt > 1 ? " on attempt " + attempt : "");
    records.delivered(d, attempt, clock.instant());
    for (Delivery member : groups.getOrDefault(d.key(), List.of())) {
      records.deliveredWithin(member, d, attempt, clock.instant());
    }
    groups.remove(d.key());
  }

  private void failed(Delivery d, int attempt, Channel channel, String cause) {
    Instant now = clock.instant();
    Optional<Instant> next = retry.get().nextAttempt(d.createdAt(), attempt, now);
    if (next.isEmpty()) {
      giveUp(d, attempt, channel.destination(), cause);
      return;
    }
    Delivery later = records.retryAt(d.failed(attempt, next.get(), cause), attempt, next.get(), cause);
    work.put(later.key(), later);
    log.warn("channel {} ({}) could not deliver {} (attempt {}): {}; next attempt in {}", channel.name(),
        channel.destination(), d.what(), attempt, cause, Durations.format(Duration.between(now, next.get())));
  }

  /** @param destination where the channel sends, or null when the channel is gone from the config */
  private void giveUp(Delivery d, int attempts, String destination, String cause) {
    work.remove(d.key());
    String why = records.gaveUp(d, attempts, clock.instant(), cause);
    for (Delivery member : groups.getOrDefault(d.key(), List.of())) {
      records.gaveUp(member, attempts, clock.instant(), cause + " (in the message about incident #"
          + d.notice().incident().id() + ")");
    }
    groups.remove(d.key());
    log.error("channel {}{} never got {}: {}", d.channel(), destination == null ? "" : " (" + destination + ")",
        d.what(), why);
  }

  /**
   * Stops taking up messages and waits up to {@code patience} for the attempts under way (they
   * record their outcome); those still running then are interrupted and stay queued. Messages that
   * live only in memory get one more chance to reach the outbox; any that cannot are named in the log.
   *
   * @return how many attempts were still under way when patience ran out
   */
  public int stop(Duration patience) throws InterruptedException {
    stopping = true;
    wake();
    if (loop != null) {
      loop.join(patience);
    }
    int late = Threads.joinAll(Set.copyOf(attempts), patience);
    Set.copyOf(attempts).forEach(Thread::interrupt);
    for (Delivery d : work.values()) {
      if (d.rowId() == 0 && records.storeLate(d).rowId() == 0) {
        log.error("channel {}: {} was never delivered and could not be stored; it is lost with this stop",
            d.channel(), d.what());
      }
    }
    return late;
  }
}
