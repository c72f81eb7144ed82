package dev.medic.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which servers a dns check asks: its {@code server:}, or the system's from resolv.conf. */
class NameserverTest {

  @TempDir Path dir;

  @Test
  void serverIsHostWithAnOptionalPortAndIPv6InBrackets() {
    assertThat(Nameserver.parse("10.0.0.2")).isEqualTo(new Nameserver("10.0.0.2", 53));
    assertThat(Nameserver.parse("10.0.0.2:5353")).isEqualTo(new Nameserver("10.0.0.2", 5353));
    assertThat(Nameserver.parse("ns1.example.com")).isEqualTo(new Nameserver("ns1.example.com", 53));
    assertThat(Nameserver.parse("::1")).isEqualTo(new Nameserver("::1", 53));
    assertThat(Nameserver.parse("[2001:db8::53]:5353").url()).isEqualTo("dns://[2001:db8::53]:5353");
  }

  @Test
  void aPortOutOfRangeOrNotANumberIsRefusedByName() {
    assertThatThrownBy(() -> Nameserver.parse("10.0.0.2:0")).hasMessage("port must be 1..65535, got 0");
    assertThatThrownBy(() -> Nameserver.parse("10.0.0.2:dns"))
        .hasMessage("expected host or host:port with a numeric port, got '10.0.0.2:dns'");
  }

  @Test
  void theSystemsServersAreResolvConfsNameserversInOrder() throws Exception {
    Path conf = dir.resolve("resolv.conf");
    Files.writeString(conf, """
        # generated
        search example.com
        nameserver 10.0.0.2
        options timeout:1
        nameserver   2001:db8::53
        nameserver fe80::1%eth0
        nameserver not-an-address
        """);

    assertThat(Nameserver.system(conf)).containsExactly(new Nameserver("10.0.0.2", 53), new Nameserver("2001:db8::53", 53));
  }

  @Test
  void withoutResolvConfTheSystemsServerIsTheLocalMachine() {
    assertThat(Nameserver.system(dir.resolve("missing"))).containsExactly(new Nameserver("127.0.0.1", 53));
  }
}
