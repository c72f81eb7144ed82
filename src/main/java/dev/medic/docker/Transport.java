package dev.medic.docker;

import java.io.IOException;
import java.time.Duration;

/** Carries one HTTP request to the engine and brings its whole answer back, within a timeout. */
interface Transport {

  /** Bodies larger than this are refused rather than held in memory (a log flood). */
  int MAX_BODY = 16 * 1024 * 1024;

  /**
   * @param body JSON to send, or null
   * @throws java.net.SocketTimeoutException when the answer is not complete within {@code timeout}
   */
  HttpReply exchange(String method, String pathAndQuery, byte[] body, Duration timeout)
      throws IOException, InterruptedException;
}
