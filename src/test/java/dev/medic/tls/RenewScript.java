package dev.medic.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A stand-in for {@code certbot renew}: a shell script that makes a new key, has the test CA sign
 * it for {@code validityDays} and moves the new keystore over the one the server reads. It also
 * writes its first argument to {@code renew-args}, so a test sees what medic passed it.
 */
final class RenewScript {

  private RenewScript() {}

  static Path write(Path dir, Keytool.Cert ca, Path served, String dns, int validityDays) throws IOException {
    Path work = Files.createDirectories(dir.resolve("renew-work"));
    StringBuilder script = new StringBuilder("#!/bin/sh\nset -e\n");
    script.append("printf '%s' \"$1\" > ").append(quote(dir.resolve("renew-args").toString())).append('\n');
    script.append("rm -f ").append(quote(work.resolve("next.p12").toString())).append('\n');
    for (List<String> step : Keytool.signedSteps(work, ca, "next", dns, validityDays)) {
      script.append(step.stream().map(RenewScript::quote).collect(Collectors.joining(" "))).append(" >/dev/null 2>&1\n");
    }
    script.append("mv ").append(quote(work.resolve("next.p12").toString())).append(' ')
        .append(quote(served.toString())).append('\n');
    script.append("echo \"renewed ").append(dns).append(" for ").append(validityDays).append(" days\"\n");
    Path file = dir.resolve("renew.sh");
    Files.writeString(file, script);
    return file;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
