package io.fleethub.core.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Etag;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.RegistryStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub's device and module twins over a {@link TwinStore}: what the service reads and writes, what a device
 * reads and reports, and the rules in between (docs: iot-hub-devguide-device-twins).
 *
 * <p><b>Versions.</b> Every accepted write to a section increases its {@code $version} by one, and every accepted
 * write increases the twin's {@code version} (and so its etag) by one, even when it sets values they already had.
 * A write that names nothing (an empty patch) is not stored and changes no version.
 *
 * <p><b>Metadata.</b> {@code $lastUpdated} (and, in desired properties, {@code $lastUpdatedVersion}) moves only on
 * members whose value changes and on the objects above them; see {@link SectionWrites}.
 *
 * <p><b>Lifecycle.</b> A twin exists for as long as its device or module: it is created empty, stamped with the
 * time, when first read or written, and a stored twin whose generation id is not its identity's (left behind by
 * a deleted identity of the same id, in a store that does not delete twins with their identity) is replaced by a
 * new empty one. The SQL stores delete twins with their identity by foreign key.
 *
 * <p><b>Threading.</b> Thread-safe; every method blocks on the stores. Transports call it on the device's lane
 * ({@code Hub.deviceExecutors()}), so that one twin's writes do not race on this node and desired-property
 * notifications leave in version order. The store's replace-if-version is the safety net for writers that do
 * race: a write that loses re-reads the twin and re-applies itself, re-checking its precondition, up to
 * {@value #MAX_ATTEMPTS} times, then fails with {@link ErrorCode#PRECONDITION_FAILED}.
 *
 * <p><b>Refusals</b> are {@link HubException}s: {@link ErrorCode#DEVICE_NOT_FOUND} and
 * {@link ErrorCode#MODULE_NOT_FOUND} for an unknown identity, {@link ErrorCode#PRECONDITION_FAILED} (412) for an
 * etag or reported {@code $version} that does not match, {@link ErrorCode#ARGUMENT_INVALID} (400) for content
 * outside {@link TwinLimits}.
 */
public final class TwinService {
  /** How many times a write is tried against a twin that other writers keep changing. */
  public static final int MAX_ATTEMPTS = 8;

  private static final Logger log = LoggerFactory.getLogger(TwinService.class);

  private final TwinStore store;
  private final RegistryStore registry;
  private final Clock clock;
  private final DesiredPropertiesListener listener;

  public TwinService(TwinStore store, RegistryStore registry, Clock clock, DesiredPropertiesListener listener) {
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The twin as the service reads it ({@code GET /twins/{id}}). */
  public ServiceTwin get(IdentityRef identity) {
    TwinIdentity owner = owner(identity);
    return new ServiceTwin(owner, current(owner));
  }

  /**
   * Merges tags and desired properties into the twin ({@code PATCH /twins/{id}}) if {@code ifMatch} holds; a
   * {@code null} member deletes. Devices subscribed to the twin are told of the desired patch.
   */
  public ServiceTwin update(IdentityRef identity, TwinUpdate patch, Etag ifMatch) {
    Objects.requireNonNull(ifMatch, "ifMatch");
    Optional<ObjectNode> tags = patch.tags().map(t -> writable(TwinSection.TAGS, t)).filter(t -> !t.isEmpty());
    Optional<ObjectNode> desired =
        patch.desired().map(d -> writable(TwinSection.DESIRED, d)).filter(d -> !d.isEmpty());
    Outcome outcome = write(identity, current -> {
      requireMatch(ifMatch, current);
      if (tags.isEmpty() && desired.isEmpty()) {
        return current;
      }
      Instant now = clock.instant();
      return sized(current.with(
          tags.map(t -> SectionWrites.patchedTags(current.tags(), t)).orElseGet(current::tags),
          desired.map(d -> SectionWrites.patched(current.desired(), d, now, true)).orElseGet(current::desired),
          current.reported()), tags.isPresent(), desired.isPresent());
    });
    desired.ifPresent(d -> notifyDesired(outcome.twin(), d));
    return new ServiceTwin(outcome.owner(), outcome.twin());
  }

  /**
   * Replaces the twin's tags, desired properties, or both ({@code PUT /twins/{id}}) if {@code ifMatch} holds.
   * Devices subscribed to the twin are told of the whole new desired content.
   */
  public ServiceTwin replace(IdentityRef identity, TwinUpdate replacement, Etag ifMatch) {
    Objects.requireNonNull(ifMatch, "ifMatch");
    Optional<ObjectNode> tags = replacement.tags().map(t -> writable(TwinSection.TAGS, t));
    Optional<ObjectNode> desired = replacement.desired().map(d -> writable(TwinSection.DESIRED, d));
    Outcome outcome = write(identity, current -> {
      requireMatch(ifMatch, current);
      if (tags.isEmpty() && desired.isEmpty()) {
        return current;
      }
      Instant now = clock.instant();
      return sized(current.with(
          tags.map(SectionWrites::replacedTags).orElseGet(current::tags),
          desired.map(d -> SectionWrites.replaced(current.desired(), d, now, true)).orElseGet(current::desired),
          current.reported()), tags.isPresent(), desired.isPresent());
    });
    if (desired.isPresent()) {
      notifyDesired(outcome.twin(), outcome.twin().desired().values());
    }
    return new ServiceTwin(outcome.owner(), outcome.twin());
  }

  /** The twin as its device or module reads it: desired and reported properties with their {@code $version}. */
  public ObjectNode deviceTwin(IdentityRef identity) {
    return TwinJson.device(current(owner(identity)));
  }

  /**
   * Merges a device's (or module's) reported patch into its twin; a {@code null} member deletes, and a
   * {@code $version} or {@code $metadata} at the patch's root is ignored.
   *
   * @param expectedVersion the reported {@code $version} the device based its patch on (the {@code $version} of
   *     an MQTT reported patch topic), if it gave one: any other current version refuses the patch with
   *     {@link ErrorCode#PRECONDITION_FAILED}
   * @return the reported properties' {@code $version} after the patch, for the reply
   */
  public long updateReported(IdentityRef identity, ObjectNode patch, OptionalLong expectedVersion) {
    Objects.requireNonNull(expectedVersion, "expectedVersion");
    ObjectNode reported = writable(TwinSection.REPORTED, TwinJsonNodes.canonical(patch));
    Outcome outcome = write(identity, current -> {
      expectedVersion.ifPresent(version -> requireReportedVersion(version, current));
      if (reported.isEmpty()) {
        return current;
      }
      TwinProperties next = SectionWrites.patched(current.reported(), reported, clock.instant(), false);
      TwinLimits.requireWithinSize(TwinSection.REPORTED, next.values());
      return current.with(current.tags(), current.desired(), next);
    });
    return outcome.twin().reported().version();
  }

  private record Outcome(TwinIdentity owner, Twin twin) {}

  /** Applies {@code change} to the current twin and stores the result, re-reading after a lost race. */
  private Outcome write(IdentityRef identity, UnaryOperator<Twin> change) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      TwinIdentity owner = owner(identity);
      Twin current = current(owner);
      Twin next = change.apply(current);
      if (next == current || store.replace(next, current.version())) {
        return new Outcome(owner, next);
      }
    }
    throw new HubException(ErrorCode.PRECONDITION_FAILED, "The twin of " + describe(identity) + " was changed by "
        + "other writers " + MAX_ATTEMPTS + " times while this update was applied; try again.");
  }

  /**
   * The identity's twin: the stored one, or a new empty one when none is stored or the stored one belongs to an
   * earlier identity of the same id.
   */
  private Twin current(TwinIdentity owner) {
    Optional<Twin> stored = store.find(owner.ref());
    if (stored.isPresent() && isOf(owner, stored.get())) {
      return stored.get();
    }
    Twin fresh = freshTwin(owner, stored);
    boolean created = stored.isPresent() ? store.replace(fresh, stored.get().version()) : store.insert(fresh);
    if (created) {
      return fresh;
    }
    return store.find(owner.ref()).filter(twin -> isOf(owner, twin)).orElseThrow(() -> notFound(owner.ref()));
  }

  private static boolean isOf(TwinIdentity owner, Twin twin) {
    return twin.generationId().equals(owner.generationId());
  }

  /**
   * An empty twin for the identity, stamped now. When it replaces a stale twin it takes the version above the stale
   * one, so that a writer still holding the stale twin's version can never replace the new one.
   */
  private Twin freshTwin(TwinIdentity owner, Optional<Twin> stale) {
    Twin empty = Twin.empty(owner.ref(), owner.generationId(), clock.instant());
    return stale.map(old -> new Twin(owner.ref(), owner.generationId(), old.version() + 1, empty.tags(),
        empty.desired(), empty.reported())).orElse(empty);
  }

  private TwinIdentity owner(IdentityRef identity) {
    Objects.requireNonNull(identity, "identity");
    if (identity.moduleId().isEmpty()) {
      return registry.findDevice(identity.deviceId()).map(TwinIdentity::of).orElseThrow(() -> notFound(identity));
    }
    ModuleId moduleId = identity.moduleId().get();
    Optional<Module> module = registry.findModule(identity.deviceId(), moduleId);
    if (module.isPresent()) {
      return TwinIdentity.of(module.get());
    }
    throw notFound(identity);
  }

  /** A client's content for a section: its read-only members dropped, the rest checked against the limits. */
  private static ObjectNode writable(TwinSection section, ObjectNode content) {
    ObjectNode writable = content.deepCopy();
    writable.remove(TwinProperties.VERSION);
    writable.remove(TwinProperties.METADATA);
    TwinLimits.requireValidContent(section, writable);
    return writable;
  }

  private static Twin sized(Twin twin, boolean tagsWritten, boolean desiredWritten) {
    if (tagsWritten) {
      TwinLimits.requireWithinSize(TwinSection.TAGS, twin.tags());
    }
    if (desiredWritten) {
      TwinLimits.requireWithinSize(TwinSection.DESIRED, twin.desired().values());
    }
    return twin;
  }

  private void notifyDesired(Twin written, ObjectNode content) {
    long version = written.desired().version();
    ObjectNode patch = content.deepCopy();
    TwinJsonNodes.putNumber(patch, TwinProperties.VERSION, version);
    try {
      listener.desiredPropertiesChanged(new DesiredPropertiesChange(written.identity(), patch, version));
    } catch (RuntimeException e) {
      log.warn("Telling {} of desired properties version {} failed", written.identity(), version, e);
    }
  }

  private static void requireMatch(Etag ifMatch, Twin current) {
    if (!current.matches(ifMatch)) {
      throw new HubException(ErrorCode.PRECONDITION_FAILED, "The etag " + ifMatch.quoted()
          + " does not match the current etag " + current.etag().quoted() + " of the twin of "
          + describe(current.identity()) + ".");
    }
  }

  private static void requireReportedVersion(long expected, Twin current) {
    if (expected != current.reported().version()) {
      throw new HubException(ErrorCode.PRECONDITION_FAILED, "The reported properties of "
          + describe(current.identity()) + " are at $version " + current.reported().version() + ", not "
          + expected + "; read the twin and report again.");
    }
  }

  private HubException notFound(IdentityRef identity) {
    if (identity.moduleId().isPresent() && registry.findDevice(identity.deviceId()).isPresent()) {
      return new HubException(ErrorCode.MODULE_NOT_FOUND, "Module '" + identity.moduleId().get()
          + "' is not registered on device '" + identity.deviceId() + "'.");
    }
    return new HubException(ErrorCode.DEVICE_NOT_FOUND, "Device '" + identity.deviceId() + "' is not registered.");
  }

  private static String describe(IdentityRef identity) {
    return identity.moduleId()
        .map(moduleId -> "module '" + moduleId + "' of device '" + identity.deviceId() + "'")
        .orElse("device '" + identity.deviceId() + "'");
  }
}
