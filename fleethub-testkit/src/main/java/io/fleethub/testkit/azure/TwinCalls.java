package io.fleethub.testkit.azure;

import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;

/**
 * The device SDK's synchronous twin calls, retried once when the SDK lost the hub's answer.
 *
 * <p>iot-device-client 2.5.0 can drop a twin response it has received: {@code IotHubTransport.onMessageReceived}
 * hands the message to its receive thread before it looks up the request's correlation callback, and the receive
 * thread removes that callback once it has acknowledged the message. When the receive thread wins, the call waits
 * out its timeout although the hub answered at once (seen in the SDK's own trace log: the response arrives, no
 * "Executing twin status callback" follows). It happens on a busy machine, against any hub; a second request then
 * goes through. Only that timeout is retried; every other failure is the test's to see.
 */
public final class TwinCalls {
  private static final int TIMEOUT_MILLIS = 15_000;

  private TwinCalls() {}

  public static ReportedPropertiesUpdateResponse updateReported(DeviceClient device, TwinCollection reported)
      throws InterruptedException, IotHubClientException {
    try {
      return device.updateReportedProperties(reported, TIMEOUT_MILLIS);
    } catch (IotHubClientException e) {
      rethrowUnlessTimedOut(e);
      return device.updateReportedProperties(reported, TIMEOUT_MILLIS);
    }
  }

  public static Twin get(DeviceClient device) throws InterruptedException, IotHubClientException {
    try {
      return device.getTwin(TIMEOUT_MILLIS);
    } catch (IotHubClientException e) {
      rethrowUnlessTimedOut(e);
      return device.getTwin(TIMEOUT_MILLIS);
    }
  }

  private static void rethrowUnlessTimedOut(IotHubClientException e) throws IotHubClientException {
    if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT) {
      throw e;
    }
  }
}
