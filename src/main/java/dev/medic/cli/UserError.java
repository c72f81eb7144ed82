package dev.medic.cli;

/**
 * A problem the user can fix (no store where one was expected, a bad option value): printed as one
 * line, without a stack trace, and the command exits 1.
 */
final class UserError extends Exception {
  UserError(String message) {
    super(message);
  }
}
