package dev.medic.notify;

/**
 * Says why a delivery failed in words a person can act on. A refused connection reaches medic as a
 * {@code ConnectException} whose own message is null; the words are further down its causes.
 */
public final class Causes {

  private Causes() {}

  /** {@code ConnectException: Connection refused}; never null, never the bare word "null". */
  public static String describe(Throwable error) {
    String name = error.getClass().getSimpleName();
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank() && !"null".equals(message)) {
        String inner = t.getClass().getSimpleName();
        return inner.equals(name) ? name + ": " + message : name + ": " + inner + ": " + message;
      }
    }
    return name + " (no detail given)";
  }
}
