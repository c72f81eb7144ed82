package dev.medic.spi;

/**
 * A channel that can also carry a {@link Report}: a chat or a webhook, where a summary of some
 * hours is read. Paging channels (an incident service, SMS) do not implement it: a report naming one
 * is a config error.
 */
public interface ReportChannel extends Channel {

  /**
   * Sends the report once. Receivers should drop a repeat of {@link Report#idempotencyKey()}.
   *
   * @throws DeliveryFailure when the receiver did not accept it, with the reason
   * @throws InterruptedException when medic is stopping
   */
  void deliverReport(ChannelContext context, Report report) throws DeliveryFailure, InterruptedException;
}
