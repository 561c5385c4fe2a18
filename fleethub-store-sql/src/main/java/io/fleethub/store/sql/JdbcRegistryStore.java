package io.fleethub.store.sql;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.RegistryStatistics;
import io.fleethub.core.registry.RegistryStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RegistryStore} on the {@code device} and {@code module} tables, for every {@link SqlDialect}.
 *
 * <p>Each method is one statement in its own transaction, so concurrent writers need no locks here: a version
 * check is the {@code WHERE} clause of the very statement that writes, an insert of an existing id is an
 * {@code ON CONFLICT DO NOTHING}, a device's modules go with it through {@code ON DELETE CASCADE}, and registry
 * writes never name the activity columns that {@code record*} updates. Thread-safe.
 */
final class JdbcRegistryStore implements RegistryStore {
  private final Jdbc jdbc;

  JdbcRegistryStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean insertDevice(Device device) {
    return jdbc.update(DeviceTable.INSERT, binder -> DeviceTable.bindInsert(binder, device)) == 1;
  }

  @Override
  public Optional<Device> findDevice(DeviceId id) {
    return jdbc.queryFirst(DeviceTable.FIND, binder -> binder.text(id.value()), DeviceTable::read);
  }

  @Override
  public boolean replaceDevice(Device device, long expectedVersion) {
    return jdbc.update(DeviceTable.REPLACE, binder -> DeviceTable.bindReplace(binder, device, expectedVersion)) == 1;
  }

  @Override
  public boolean deleteDevice(DeviceId id, Optional<Long> expectedVersion) {
    int deleted = expectedVersion.isPresent()
        ? jdbc.update(DeviceTable.DELETE_AT_VERSION, binder -> binder.text(id.value()).number(expectedVersion.get()))
        : jdbc.update(DeviceTable.DELETE, binder -> binder.text(id.value()));
    return deleted == 1;
  }

  @Override
  public List<Device> listDevices(Optional<DeviceId> after, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, not " + limit);
    }
    return after.isPresent()
        ? jdbc.query(DeviceTable.LIST_AFTER, binder -> binder.text(after.get().value()).number(limit),
            DeviceTable::read)
        : jdbc.query(DeviceTable.LIST_FIRST, binder -> binder.number(limit), DeviceTable::read);
  }

  @Override
  public RegistryStatistics statistics() {
    return jdbc.queryFirst(DeviceTable.STATISTICS, Jdbc.Parameters.NONE, JdbcRegistryStore::statistics)
        .orElseThrow();
  }

  @Override
  public long connectedDeviceCount() {
    return jdbc.queryFirst(DeviceTable.CONNECTED_COUNT, Jdbc.Parameters.NONE, row -> row.number("connected"))
        .orElseThrow();
  }

  @Override
  public boolean insertModule(Module module) {
    return jdbc.updateUnlessParentMissing(ModuleTable.INSERT, binder -> ModuleTable.bindInsert(binder, module)) == 1;
  }

  @Override
  public Optional<Module> findModule(DeviceId deviceId, ModuleId moduleId) {
    return jdbc.queryFirst(ModuleTable.FIND, binder -> ModuleTable.bindKey(binder, deviceId, moduleId),
        ModuleTable::read);
  }

  @Override
  public boolean replaceModule(Module module, long expectedVersion) {
    return jdbc.update(ModuleTable.REPLACE, binder -> ModuleTable.bindReplace(binder, module, expectedVersion)) == 1;
  }

  @Override
  public boolean deleteModule(DeviceId deviceId, ModuleId moduleId, Optional<Long> expectedVersion) {
    int deleted = expectedVersion.isPresent()
        ? jdbc.update(ModuleTable.DELETE_AT_VERSION, binder -> {
          ModuleTable.bindKey(binder, deviceId, moduleId);
          binder.number(expectedVersion.get());
        })
        : jdbc.update(ModuleTable.DELETE, binder -> ModuleTable.bindKey(binder, deviceId, moduleId));
    return deleted == 1;
  }

  @Override
  public List<Module> listModules(DeviceId deviceId) {
    return jdbc.query(ModuleTable.LIST, binder -> binder.text(deviceId.value()), ModuleTable::read);
  }

  @Override
  public void recordConnectionState(IdentityRef identity, ConnectionState state, Instant at) {
    String sql = identity.isModule() ? ModuleTable.RECORD_CONNECTION_STATE : DeviceTable.RECORD_CONNECTION_STATE;
    jdbc.update(sql, binder -> bindKey(binder.text(state.wireName()).instant(at), identity));
  }

  @Override
  public void recordActivity(IdentityRef identity, Instant at) {
    String sql = identity.isModule() ? ModuleTable.RECORD_ACTIVITY : DeviceTable.RECORD_ACTIVITY;
    jdbc.update(sql, binder -> bindKey(binder.instant(at), identity));
  }

  @Override
  public void recordCloudToDeviceMessageCount(IdentityRef identity, int count) {
    String sql = identity.isModule() ? ModuleTable.RECORD_C2D_MESSAGE_COUNT : DeviceTable.RECORD_C2D_MESSAGE_COUNT;
    jdbc.update(sql, binder -> bindKey(binder.number(count), identity));
  }

  @Override
  public void recordModelId(IdentityRef identity, String modelId) {
    String sql = identity.isModule() ? ModuleTable.RECORD_MODEL_ID : DeviceTable.RECORD_MODEL_ID;
    jdbc.update(sql, binder -> bindKey(binder.text(modelId), identity));
  }

  private static void bindKey(Binder binder, IdentityRef identity) throws SQLException {
    if (identity.moduleId().isPresent()) {
      ModuleTable.bindKey(binder, identity.deviceId(), identity.moduleId().get());
    } else {
      binder.text(identity.deviceId().value());
    }
  }

  private static RegistryStatistics statistics(Row row) throws SQLException {
    long total = row.number("total");
    long enabled = row.number("enabled");
    return new RegistryStatistics(total, enabled, total - enabled);
  }
}
