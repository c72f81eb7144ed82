package dev.medic.tls;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** TLS endpoints: the {@code tls} certificate check and the {@code cert_renew} remedy. */
public final class TlsPlugin implements Plugin {

  @Override
  public String name() {
    return "tls";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("tls", TlsCheck.class, TlsCheck::create);
    kinds.action("cert_renew", CertRenewAction.class);
  }
}
