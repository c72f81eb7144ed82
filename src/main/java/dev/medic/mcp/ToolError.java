package dev.medic.mcp;

/**
 * What a tool call got wrong (a bad argument, an unknown incident, a role too low): answered as a
 * tool result with {@code isError: true} and this message, so the assistant can correct itself.
 */
final class ToolError extends RuntimeException {

  ToolError(String message) {
    super(message);
  }
}
