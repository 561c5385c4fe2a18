package io.fleethub.transport.http.service;

import io.fleethub.core.certificates.CertificateName;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;

/**
 * Turns the ids and names in a request path into identifiers. The router has already percent-decoded each path
 * parameter once ({@code +} stays {@code +}); one that breaks IoT Hub's rules is refused with 400 ArgumentInvalid.
 */
public final class PathIds {
  private PathIds() {}

  public static DeviceId deviceId(String decoded) {
    try {
      return DeviceId.of(decoded);
    } catch (IllegalArgumentException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "Invalid device id in the request path: " + e.getMessage() + ".");
    }
  }

  public static ModuleId moduleId(String decoded) {
    try {
      return ModuleId.of(decoded);
    } catch (IllegalArgumentException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "Invalid module id in the request path: " + e.getMessage() + ".");
    }
  }

  /** The device, or its module when the path names one ({@code rawModuleId} not null). */
  public static IdentityRef identity(String rawDeviceId, String rawModuleId) {
    DeviceId deviceId = deviceId(rawDeviceId);
    return rawModuleId == null ? IdentityRef.device(deviceId) : IdentityRef.module(deviceId, moduleId(rawModuleId));
  }

  static CertificateName certificateName(String decoded) {
    try {
      return CertificateName.of(decoded);
    } catch (IllegalArgumentException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID,
          "Invalid certificate name in the request path: " + e.getMessage() + ".");
    }
  }
}
