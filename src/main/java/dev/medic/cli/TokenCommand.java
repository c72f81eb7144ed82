package dev.medic.cli;

import dev.medic.api.TokenSecrets;
import dev.medic.config.AccessToken;
import dev.medic.spi.Durations;
import dev.medic.store.ApiToken;
import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medic token create | list | revoke | hash}: API tokens in the store the config names. The
 * store keeps only a token's SHA-256; the token is printed once, when it is made. A running medic
 * sees a new or revoked token on the next request. Each change is audited as done by {@code
 * cli:<os user>}.
 */
@Command(name = "token", description = "Create, list or revoke API tokens, or hash one for the config.",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class,
        TokenCommand.Hash.class})
final class TokenCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "give a subcommand: create, list, revoke or hash");
  }

  static String actor() {
    return "cli:" + System.getProperty("user.name", "unknown");
  }

  /** {@code medic token create --name N --role R [--expires 90d]}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Make a token and print it, once. Only its SHA-256 is stored.")
  static final class Create implements Callable<Integer> {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what uses it; the audit names it.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator or admin.")
    String role;

    @Option(names = "--expires", paramLabel = "DURATION", description = "It stops working after this long: 90d, 12h.")
    String expires;

    @Mixin StoreOption store;

    @Override
    public Integer call() throws Exception {
      if (!AccessToken.ROLES.contains(role)) {
        throw new UserError("--role must be viewer, operator or admin, got '" + role + "'");
      }
      if (!name.matches("[A-Za-z0-9_.:@-]+")) {
        throw new UserError("--name may hold letters, digits, '.', '_', ':', '@' and '-', got '" + name + "'");
      }
      if (store.configTokens().stream().anyMatch(t -> t.name().equals(name))) {
        throw new UserError("the config has a token named '" + name + "' already; pick another name");
      }
      Instant now = Clock.systemUTC().instant();
      Instant until = null;
      if (expires != null) {
        Duration length;
        try {
          length = Durations.parse(expires);
        } catch (IllegalArgumentException e) {
          throw new UserError("--expires: " + e.getMessage());
        }
        if (length.isZero()) {
          throw new UserError("--expires must be more than 0");
        }
        until = now.plus(length);
      }
      String token = TokenSecrets.generate(new SecureRandom());
      try (Store s = store.openOrCreate()) {
        try {
          s.apiTokens().create(name, role, TokenSecrets.sha256(token), now, actor(), until);
        } catch (IllegalArgumentException e) {
          throw new UserError(e.getMessage());
        }
        s.audit().append(new AuditEntry(0, now, null, null, "token", null, "created",
            "token " + name + " (" + role + ")" + (until == null ? "" : " until " + until), actor()));
      }
      System.out.println("token " + name + " (" + role + ")" + (until == null ? "" : ", valid until " + until)
          + ". It is shown only this once; medic keeps only its hash:");
      System.out.println();
      System.out.println("  " + token);
      System.out.println();
      System.out.println("Send it as a header:  curl -H 'Authorization: Bearer " + token + "' http://HOST:PORT/api/incidents");
      System.out.println("or log in with it at http://HOST:PORT/login; medic ack reads it from --token or MEDIC_TOKEN.");
      return 0;
    }
  }

  /** {@code medic token list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Tokens of the config and the store: name, role, source, created, expires, last used, revoked.")
  static final class ListTokens implements Callable<Integer> {

    @Mixin StoreOption store;

    @Override
    public Integer call() throws Exception {
      List<Object[]> rows = new ArrayList<>();
      for (AccessToken t : store.configTokens()) {
        rows.add(new Object[] {t.name(), t.role(), "config", "", "", "", ""});
      }
      try (Store s = store.open()) {
        for (ApiToken t : s.apiTokens().list()) {
          rows.add(new Object[] {t.name(), t.role(), "store", t.createdAt(), t.expiresAt(), t.lastUsedAt(),
              t.revokedAt() == null ? "" : t.revokedAt() + " by " + t.revokedBy()});
        }
      } catch (UserError e) {
        if (rows.isEmpty()) {
          throw e;
        }
      }
      // Never a hash: with it, a guess could be checked offline.
      Table.print(rows, false, r -> r, "NAME", "ROLE", "SOURCE", "CREATED", "EXPIRES", "LAST USED", "REVOKED");
      return 0;
    }
  }

  /** {@code medic token revoke NAME}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a token of the store: it is refused from the next request on, and its logins end.")
  static final class Revoke implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "The token's name (medic token list shows them).")
    String name;

    @Mixin StoreOption store;

    @Override
    public Integer call() throws Exception {
      Instant now = Clock.systemUTC().instant();
      try (Store s = store.open()) {
        if (s.apiTokens().revoke(name, now, actor()).isEmpty()) {
          boolean inConfig = store.configTokens().stream().anyMatch(t -> t.name().equals(name));
          throw new UserError(inConfig
              ? "token '" + name + "' comes from the config: take it out of access.tokens and reload medic"
              : "no token named '" + name + "' that is not revoked");
        }
        s.audit().append(new AuditEntry(0, now, null, null, "token", null, "revoked", "token " + name, actor()));
      }
      System.out.println("token " + name + " revoked");
      return 0;
    }
  }

  /** {@code medic token hash}: for {@code access.tokens[].sha256}. */
  @Command(name = "hash", mixinStandardHelpOptions = true,
      description = "Read a token on stdin and print its SHA-256, for access.tokens[].sha256 in the config.")
  static final class Hash implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
      String token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (token == null || token.strip().isEmpty()) {
        throw new UserError("give the token on stdin, e.g. printf %s \"$TOKEN\" | medic token hash");
      }
      token = token.strip();
      if (token.length() < AccessToken.MIN_LENGTH) {
        throw new UserError("a token must be at least " + AccessToken.MIN_LENGTH + " characters, got " + token.length());
      }
      System.out.println(TokenSecrets.sha256(token));
      return 0;
    }
  }
}
