package io.fleethub.store.sql;

import com.zaxxer.hikari.HikariDataSource;
import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.core.consumergroups.ConsumerGroupStore;
import io.fleethub.core.files.FileNotificationStore;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.twin.TwinStore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** {@link SqlStores} on one connection pool, whose schema Flyway brought up to date when it opened. */
final class JdbcStores implements SqlStores {
  private final HikariDataSource dataSource;
  private final RegistryStore registry;
  private final PolicyStore policies;
  private final CaCertificateStore caCertificates;
  private final TwinStore twins;
  private final CloudToDeviceStore cloudToDevice;
  private final ConsumerGroupStore consumerGroups;
  private final FileNotificationStore fileNotifications;

  private JdbcStores(HikariDataSource dataSource, SqlDialect dialect) {
    this.dataSource = dataSource;
    Jdbc jdbc = new Jdbc(dataSource, dialect);
    this.registry = new JdbcRegistryStore(jdbc);
    this.policies = new JdbcPolicyStore(jdbc);
    this.caCertificates = new JdbcCaCertificateStore(jdbc);
    this.twins = new JdbcTwinStore(jdbc);
    this.cloudToDevice = new JdbcCloudToDeviceStore(jdbc, dialect);
    this.consumerGroups = new JdbcConsumerGroupStore(jdbc);
    this.fileNotifications = new JdbcFileNotificationStore(jdbc, dialect);
  }

  /** Migrates the schema and returns the stores; closes the pool if the migration fails. */
  static SqlStores open(SqlDialect dialect, HikariDataSource dataSource) {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations(dialect.migrations())
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      dataSource.close();
      throw new SqlStoreException("could not bring the " + dialect + " schema up to date", e);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new JdbcStores(dataSource, dialect);
  }

  @Override
  public RegistryStore registry() {
    return registry;
  }

  @Override
  public PolicyStore policies() {
    return policies;
  }

  @Override
  public CaCertificateStore caCertificates() {
    return caCertificates;
  }

  @Override
  public TwinStore twins() {
    return twins;
  }

  @Override
  public CloudToDeviceStore cloudToDevice() {
    return cloudToDevice;
  }

  @Override
  public ConsumerGroupStore consumerGroups() {
    return consumerGroups;
  }

  @Override
  public FileNotificationStore fileNotifications() {
    return fileNotifications;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
