package dev.medic.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes API tokens and the hashes medic keeps of them.
 *
 * <p>A token is {@code medic_} and 32 random bytes (256 bits) from {@link SecureRandom}. Only its
 * SHA-256 is kept. A slow password hash (bcrypt, Argon2) would buy nothing here: it protects
 * guessable secrets, and a 256-bit random token cannot be guessed from its hash, while every
 * request would pay for it.
 */
public final class TokenSecrets {

  public static final String PREFIX = "medic_";

  private TokenSecrets() {}

  /** A new token, to be shown once and never stored. */
  public static String generate(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The token's SHA-256, as 64 lowercase hex digits. */
  public static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** Compares two hashes in time that does not depend on where they differ. */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
