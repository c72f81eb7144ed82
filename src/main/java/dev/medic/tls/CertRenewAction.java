package dev.medic.tls;

import dev.medic.spi.CommandRunner;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.SpecProblem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Renews a certificate and proves it: runs {@code renew} (its exit code must be 0), then {@code
 * reload} so the server picks the new certificate up, then connects to the server as the {@code
 * tls} check does and reads the certificate it now serves. OK only when that certificate is valid
 * (trusted chain, dates, name) and has at least {@code min_days} left; otherwise FAILED, naming the
 * expiry before and after.
 *
 * <p>Commands are argv lists run without a shell; each argument may use {@code {target}}, {@code
 * {condition}}, {@code {incident_id}} and {@code {severity}}, filled in as data.
 *
 * @param renew the renewal command, e.g. {@code [certbot, renew, --cert-name, example.com]}
 *     (required)
 * @param reload makes the server load the new certificate, e.g. {@code [systemctl, reload,
 *     nginx]}; leave out for servers that re-read their certificate by themselves
 * @param host the server to check afterwards (required)
 * @param port its TLS port (default 443)
 * @param serverName the name the new certificate must be valid for, sent as SNI (default: host)
 * @param ca a PEM bundle of CA certificates to trust instead of the JDK's roots
 * @param minDays the new certificate must have at least this many days left (default 14, the
 *     {@code tls} check's default {@code warn_days}: keep them equal)
 * @param settle how long to keep reconnecting after the reload until the new certificate is
 *     served, as a graceful reload swaps workers over a moment (default 10s)
 * @param timeout each command's limit; killed past it (default 2m: an ACME renewal talks to the CA)
 */
public record CertRenewAction(
    List<String> renew,
    List<String> reload,
    String host,
    Integer port,
    String serverName,
    String ca,
    Double minDays,
    Duration settle,
    Duration timeout)
    implements ActionSpec {

  /** A fresh handshake per look; a server that does not answer one in this long is not reloaded yet. */
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration LOOK_AGAIN = Duration.ofMillis(250);

  public CertRenewAction {
    if (renew == null || renew.isEmpty()) {
      throw new IllegalArgumentException("renew must be a non-empty list of arguments, like [certbot, renew]");
    }
    renew = List.copyOf(renew);
    reload = reload == null ? List.of() : List.copyOf(reload);
    port = port == null ? 443 : port;
    Endpoint.of(host, port, serverName);
    if (ca != null && ca.isBlank()) {
      throw new IllegalArgumentException("ca must be the path of a PEM file, got an empty value");
    }
    minDays = minDays == null ? 14.0 : minDays;
    if (!(minDays > 0) || minDays.isInfinite()) {
      throw new IllegalArgumentException("min_days must be a positive number of days, got " + minDays);
    }
    settle = settle == null ? Duration.ofSeconds(10) : settle;
    if (settle.isNegative()) {
      throw new IllegalArgumentException("settle must not be negative, got " + Durations.format(settle));
    }
    Durations.requirePositive("timeout", timeout);
  }

  @Override
  public Duration effectiveTimeout() {
    return timeout == null ? Duration.ofMinutes(2) : timeout;
  }

  Endpoint endpoint() {
    return Endpoint.of(host, port, serverName);
  }

  @Override
  public String describe(ActionContext context) {
    return "cert_renew " + endpoint().serverName() + ": " + String.join(" ", argv(renew, context))
        + (reload.isEmpty() ? "" : "; " + String.join(" ", argv(reload, context)));
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    return run(context, Clock.systemUTC());
  }

  ActionOutcome run(ActionContext context, Clock clock) throws InterruptedException {
    String name = endpoint().serverName();
    String before = look(clock).summary();
    CommandRunner.Result renewed = CommandRunner.run(argv(renew, context), effectiveTimeout());
    if (!renewed.succeeded()) {
      return ActionOutcome.failed("renew failed (" + renewed.summary(effectiveTimeout()) + "); "
          + name + " still " + before);
    }
    if (!reload.isEmpty()) {
      CommandRunner.Result reloaded = CommandRunner.run(argv(reload, context), effectiveTimeout());
      if (!reloaded.succeeded()) {
        return ActionOutcome.failed("renew ran (" + renewed.summary(effectiveTimeout()) + ") but reload failed ("
            + reloaded.summary(effectiveTimeout()) + "); " + name + " " + look(clock).summary());
      }
    }
    Look after = settled(clock);
    if (after.good(minDays)) {
      return ActionOutcome.ok("renewed: " + name + " now expires " + after.date() + " ("
          + (long) Math.floor(after.daysLeft()) + " days); before it " + before);
    }
    return ActionOutcome.failed("renew ran (" + renewed.summary(effectiveTimeout()) + ") but " + name
        + " " + after.shortfall(minDays) + "; before it " + before);
  }

  /** Reconnects until the served certificate is good or {@code settle} is over; the last look either way. */
  private Look settled(Clock clock) throws InterruptedException {
    long end = System.nanoTime() + settle.toNanos();
    Look look = look(clock);
    while (!look.good(minDays) && System.nanoTime() < end) {
      Thread.sleep(LOOK_AGAIN); // the server's own pace: a reload swaps workers when it can
      look = look(clock);
    }
    return look;
  }

  /** What it would run, and the certificate served now: reads, changes nothing. */
  @Override
  public ActionOutcome plan(ActionContext context) {
    return ActionOutcome.ok("would run " + String.join(" ", argv(renew, context))
        + (reload.isEmpty() ? "" : ", then " + String.join(" ", argv(reload, context)))
        + ", then expect " + endpoint() + " to serve a valid certificate with at least "
        + number(minDays) + " days left; now " + endpoint().serverName() + " " + look(Clock.systemUTC()).summary());
  }

  @Override
  public List<SpecProblem> problems() {
    List<SpecProblem> problems = new ArrayList<>(Trust.problems(ca));
    if (renew.getFirst().isBlank()) {
      problems.add(new SpecProblem("renew", "renew must start with a program, got an empty first argument"));
    }
    if (!reload.isEmpty() && reload.getFirst().isBlank()) {
      problems.add(new SpecProblem("reload", "reload must start with a program, got an empty first argument"));
    }
    return problems;
  }

  private static List<String> argv(List<String> template, ActionContext context) {
    return template.stream().map(context::render).toList();
  }

  private Look look(Clock clock) {
    try {
      Served served = Handshake.fetch(endpoint(), Trust.manager(ca), HANDSHAKE_TIMEOUT, clock.instant());
      return new Look(served, clock.instant(), null);
    } catch (IOException e) {
      return new Look(null, clock.instant(), TlsProbe.failure(e, HANDSHAKE_TIMEOUT));
    } catch (GeneralSecurityException e) {
      return new Look(null, clock.instant(), "cannot load the trusted roots (ca " + ca + "): " + e.getMessage());
    }
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** One reading of the served certificate, or why none could be read. */
  private record Look(Served served, Instant at, String unreadable) {

    boolean good(double minDays) {
      return served != null && served.valid() && served.daysLeft(at) >= minDays;
    }

    double daysLeft() {
      return served.daysLeft(at);
    }

    String date() {
      return served.expiresAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** "expires 2026-12-05 (5.0 days)" or "served no certificate: why". */
    String summary() {
      if (served == null) {
        return "served no certificate: " + unreadable;
      }
      return "expires " + date() + String.format(" (%.1f days)", daysLeft())
          + (served.valid() ? "" : ", a certificate that " + served.problem());
    }

    String shortfall(double minDays) {
      if (served == null) {
        return "served no certificate: " + unreadable;
      }
      if (!served.valid()) {
        return "serves a certificate that " + served.problem() + " (expires " + date() + ")";
      }
      return "still expires " + date() + String.format(" (%.1f days), below min_days %s", daysLeft(), number(minDays));
    }
  }
}
