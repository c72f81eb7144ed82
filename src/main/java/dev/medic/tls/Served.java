package dev.medic.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * What one handshake showed: the certificate chain as the server sent it, whether it is valid for
 * the endpoint, and the protocol and cipher agreed.
 *
 * @param flaw why the certificate is not valid; null when the chain leads to a trusted root, the
 *     dates hold and it names the server name
 */
record Served(List<X509Certificate> chain, String protocol, String cipher, Flaw flaw) {

  Served {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain must hold the server's certificate");
    }
  }

  X509Certificate leaf() {
    return chain.getFirst();
  }

  boolean valid() {
    return flaw == null;
  }

  /** What is wrong with it, completing "certificate of HOST:PORT ..."; null when nothing is. */
  String problem() {
    return flaw == null ? null : flaw.text();
  }

  Instant expiresAt() {
    return leaf().getNotAfter().toInstant();
  }

  /** Days until notAfter, with the fraction: negative once expired. */
  double daysLeft(Instant now) {
    return Duration.between(now, expiresAt()).toMillis() / 86_400_000.0;
  }

  /** notAfter to the second, as operators compare it with their CA's records. */
  String expiry() {
    return expiresAt().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The subject's CN (the whole subject when it has none). */
  String subject() {
    return commonName(leaf().getSubjectX500Principal().getName());
  }

  String issuer() {
    return commonName(leaf().getIssuerX500Principal().getName());
  }

  /** The DNS names and IP addresses the certificate is for. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    try {
      if (leaf().getSubjectAlternativeNames() != null) {
        for (List<?> san : leaf().getSubjectAlternativeNames()) {
          Object type = san.get(0);
          if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) { // dNSName, iPAddress
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException ignored) {
      // an unreadable SAN extension: the subject is all there is to name
    }
    return names;
  }

  /** One line: who the certificate is for, by whom, until when, over what. */
  String describe(Instant now) {
    List<String> names = names();
    return subject() + (names.isEmpty() ? "" : " " + names)
        + " issued by " + issuer()
        + ", expires " + expiry() + String.format(" (%.1f days)", daysLeft(now))
        + ", " + protocol + " " + cipher;
  }

  private static String commonName(String dn) {
    try {
      for (Rdn rdn : new LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException ignored) {
      // keep the distinguished name as it is
    }
    return dn;
  }
}
