package dev.medic.spi;

/**
 * Somewhere messages about incidents go. Implementations send one message per call and say plainly
 * why they could not; retries, backoff, the outbox and the audit are the {@link Dispatcher}'s.
 */
public interface Channel {

  /** Unique among the configured channels; shown in logs and the audit, stored in the outbox. */
  String name();

  /** Where the messages go, fit for logs: secrets (URL user-info, tokens) hidden. */
  String destination();

  /**
   * Sends the notice once. Receivers should drop a repeat of {@link Notice#idempotencyKey()}: after a
   * crash of medic a message may be sent again.
   *
   * @throws DeliveryFailure when the receiver did not accept it, with the reason
   * @throws InterruptedException when medic is stopping; the message stays queued
   */
  void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException;
}
