package dev.medic.notify.email;

import dev.medic.spi.SpecProblem;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.Optional;

/** Mail addresses as the SMTP server will be given them: one each, checked strictly. */
final class Addresses {

  private Addresses() {}

  /** What is wrong with {@code address} as one mail address ({@code a@b.org} or {@code Name <a@b.org>}), if anything. */
  static Optional<SpecProblem> problem(String field, String address) {
    try {
      parse(address);
      return Optional.empty();
    } catch (AddressException e) {
      return Optional.of(new SpecProblem(field, field + " is not a mail address like oncall@example.com: '"
          + address + "' (" + e.getMessage() + ")"));
    }
  }

  static InternetAddress parse(String address) throws AddressException {
    if (address == null || address.isBlank()) {
      throw new AddressException("empty");
    }
    InternetAddress[] parsed = InternetAddress.parse(address, true);
    if (parsed.length != 1) {
      throw new AddressException("one address expected, found " + parsed.length);
    }
    parsed[0].validate();
    if (!parsed[0].getAddress().contains("@")) {
      throw new AddressException("no @domain");
    }
    return parsed[0];
  }

  static InternetAddress[] parseAll(List<String> addresses) throws AddressException {
    InternetAddress[] out = new InternetAddress[addresses.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = parse(addresses.get(i));
    }
    return out;
  }
}
