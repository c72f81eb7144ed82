package dev.medic.docker;

/**
 * A call to the engine failed: it could not be reached, did not answer in time, or refused. The
 * message names the engine's address and the call, so the audit says where and what.
 */
final class DockerException extends Exception {

  private final int status;

  DockerException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status the engine answered with; 0 when it did not answer. */
  int status() {
    return status;
  }

  /** The engine was not reached or did not answer (no HTTP status at all). */
  boolean unreachable() {
    return status == 0;
  }
}
