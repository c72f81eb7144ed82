package dev.medic.spi;

/** A channel did not accept a message; the message says why (the status and a bit of the answer, or the error). */
public final class DeliveryFailure extends Exception {

  public DeliveryFailure(String message) {
    super(message);
  }

  public DeliveryFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
