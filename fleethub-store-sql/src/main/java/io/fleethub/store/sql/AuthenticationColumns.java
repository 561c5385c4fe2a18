package io.fleethub.store.sql;

import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.AuthenticationType;
import io.fleethub.core.registry.SymmetricKey;
import io.fleethub.core.registry.X509Thumbprint;
import java.sql.SQLException;
import java.util.List;

/** The credential columns that the device and module tables share. */
final class AuthenticationColumns {
  static final List<String> NAMES =
      List.of("auth_type", "primary_key", "secondary_key", "primary_thumbprint", "secondary_thumbprint");

  private AuthenticationColumns() {}

  /** Binds the values of {@link #NAMES}, in that order. */
  static void bind(Binder binder, Authentication authentication) throws SQLException {
    binder.text(authentication.type().wireName())
        .optionalText(authentication.symmetricKey().primaryKey())
        .optionalText(authentication.symmetricKey().secondaryKey())
        .optionalText(authentication.x509Thumbprint().primaryThumbprint())
        .optionalText(authentication.x509Thumbprint().secondaryThumbprint());
  }

  static Authentication read(Row row) throws SQLException {
    return new Authentication(
        AuthenticationType.fromWireName(row.text("auth_type")),
        new SymmetricKey(row.optionalText("primary_key"), row.optionalText("secondary_key")),
        new X509Thumbprint(row.optionalText("primary_thumbprint"), row.optionalText("secondary_thumbprint")));
  }
}
