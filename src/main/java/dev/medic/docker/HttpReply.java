package dev.medic.docker;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP answer of the engine: status, headers (lower-case names) and the whole body. */
record HttpReply(int status, Map<String, String> headers, byte[] body) {

  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
