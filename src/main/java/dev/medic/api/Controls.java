package dev.medic.api;

import dev.medic.notify.TestMessage;
import dev.medic.report.ReportRun;
import dev.medic.spi.Report;
import dev.medic.silence.SilenceRequest;
import dev.medic.store.Approval;
import dev.medic.incident.Acknowledgement;
import dev.medic.spi.Incident;
import dev.medic.store.Silence;
import java.util.Optional;

/** What the API may ask a running medic to do. */
public interface Controls {

  /**
   * Re-reads the config file and applies it whole, or keeps the running one.
   *
   * @return empty on success, the problem otherwise
   */
  Optional<String> reload();

  /**
   * Decides a pending approval.
   *
   * @return the decided approval; empty if there is none with that id
   * @throws IllegalStateException when it was no longer pending
   */
  Optional<Approval> decide(long approvalId, boolean approve, String by, String reason);

  /**
   * Someone takes an open incident on: its reminders and paging steps stop, healing goes on.
   *
   * @return the incident; empty if it is not open or was acknowledged before ({@link
   *     #acknowledgement} says by whom)
   */
  Optional<Incident> acknowledge(long incidentId, String by, String comment);

  /** Who took the incident on, if anyone did. */
  Optional<Acknowledgement> acknowledgement(long incidentId);

  /** How many targets the running config has (after a reload, the new one's). */
  int targetCount();

  /**
   * Sends one test message through the named channel of the running config, now and once (as
   * {@code medic notify test} does).
   *
   * @return what the channel made of it; empty if no channel has that name
   * @throws InterruptedException when medic is stopping
   */
  Optional<TestMessage.Sent> sendTestMessage(String channel) throws InterruptedException;

  /**
   * Makes a report from the store without sending it.
   *
   * @param name a report of {@code reports:}; null: the only one, or else one over all targets
   * @param hours the window; null: the report's own
   * @throws dev.medic.report.Reporter.NoSuchReport for an unknown name
   * @throws IllegalArgumentException for hours outside 1..720
   */
  Report report(String name, Integer hours);

  /** Makes the report and sends it once through each of its channels; as {@link #report} otherwise. */
  ReportRun sendReport(String name, Integer hours) throws InterruptedException;

  /**
   * Makes a silence, audited with its author.
   *
   * @throws IllegalArgumentException naming the field of the request that is wrong
   */
  Silence createSilence(SilenceRequest request);

  /**
   * Ends a silence now, audited with who ended it.
   *
   * @return the expired silence; empty if there is none with that id
   * @throws IllegalStateException when it had ended already
   */
  Optional<Silence> expireSilence(long id, String by);

  // ---- the same, naming who asked, for the audit (the API passes its caller) ---------------

  /** As {@link #reload()}, audited as done by {@code actor}. */
  default Optional<String> reload(String actor) {
    return reload();
  }

  /** As {@link #sendTestMessage(String)}, audited as sent by {@code actor}. */
  default Optional<TestMessage.Sent> sendTestMessage(String channel, String actor) throws InterruptedException {
    return sendTestMessage(channel);
  }

  /** As {@link #sendReport(String, Integer)}, audited as asked for by {@code actor}. */
  default ReportRun sendReport(String name, Integer hours, String actor) throws InterruptedException {
    return sendReport(name, hours);
  }
}
