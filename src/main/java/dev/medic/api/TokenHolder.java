package dev.medic.api;

/**
 * Who a valid token belongs to.
 *
 * @param source {@code config} (access.tokens) or {@code store} (medic token create)
 * @param sha256 the token's hash, which a dashboard session keeps to look its token up again
 */
record TokenHolder(String name, Role role, String source, String sha256) {

  Caller caller() {
    return new Caller(name, role);
  }
}
