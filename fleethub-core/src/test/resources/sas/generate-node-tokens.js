// Regenerates fleethub-core/src/test/resources/sas/recorded-tokens.json: makes the Node tokens and merges
// them with the Java ones. Run outside the repository; see README.md in this folder.
//
//   node generate-node-tokens.js java-tokens.json > recorded-tokens.json
//
// Every token comes from the official Node packages' own token code:
//   azure-iot-common  SharedAccessSignature.create(resourceUri, keyName, key, expiry)
//   azure-iot-device  SharedAccessSignature.create(host, deviceId, key, expiry)
//                     SharedAccessKeyAuthenticationProvider.fromConnectionString(cs).getDeviceCredentials(),
//                     which Client.fromConnectionString and ModuleClient.fromConnectionString use.
'use strict';

const fs = require('fs');
const path = require('path');
const common = require('azure-iot-common');
const device = require('azure-iot-device');

const HOST = 'vectors-hub.fleethub.example';
const EXPIRY = 1767225600; // 2026-01-01T00:00:00Z
const KEYS = {
  devicePrimary: '1J7Q/GYFPsIXb6pqOLwL1BIkg1+SSwnWs/FUDhyr3RY=',
  deviceSecondary: 'Ia5acWEa0uUDQ+TmnSyUcpkg8U3hmnNscy/D9zYWrYA=',
  policyPrimary: 'iPIyB8u2pqWLtOJzzdxcped+MgOiP+7AYWkL3tyH6tw=',
  policySecondary: '06ggil5AQTMFx3sskw15ROuqM+K3+0aVvSvj85D3K4o=',
  unrelated: 'Yz8kMYfjpnA6yzYxleUpFttLpaz5Z9aVit9zz7r3iHE='
};
const SYMBOLS_ID = "sym-:.+%_#*?!(),=@;$'";

function version(pkg) {
  return require(path.join(path.dirname(require.resolve(pkg)), 'package.json')).version;
}

function target(deviceId, moduleId) {
  return HOST + '/devices/' + deviceId + (moduleId ? '/modules/' + moduleId : '');
}

function record(name, pkg, api, keyRole, expiry, resource, token, scopeTarget) {
  return {
    name: name,
    producer: { sdk: 'npm:' + pkg, version: version(pkg), api: api },
    keyRole: keyRole,
    key: KEYS[keyRole],
    expiry: expiry,
    resource: Object.assign({ hostName: HOST, deviceId: null, moduleId: null, policy: null }, resource),
    token: token,
    scopeTarget: scopeTarget
  };
}

function commonToken(name, resourceUri, policy, keyRole, resource, scopeTarget) {
  const token = common.SharedAccessSignature.create(resourceUri, policy, KEYS[keyRole], EXPIRY).toString();
  return record(name, 'azure-iot-common', 'SharedAccessSignature.create(resourceUri, keyName, key, expiry).toString()',
    keyRole, EXPIRY, resource, token, scopeTarget);
}

function deviceToken(name, deviceId, keyRole) {
  const token = device.SharedAccessSignature.create(HOST, deviceId, KEYS[keyRole], EXPIRY).toString();
  return record(name, 'azure-iot-device', 'SharedAccessSignature.create(host, deviceId, key, expiry).toString()',
    keyRole, EXPIRY, { deviceId: deviceId }, token, target(deviceId));
}

// The provider sets the expiry to Date.now()/1000 + 3600; Date.now is pinned so the expiry is EXPIRY.
async function connectionStringToken(name, deviceId, moduleId, policy, keyRole) {
  const connectionString = 'HostName=' + HOST + ';DeviceId=' + deviceId + (moduleId ? ';ModuleId=' + moduleId : '')
    + (policy ? ';SharedAccessKeyName=' + policy : '') + ';SharedAccessKey=' + KEYS[keyRole];
  const realNow = Date.now;
  Date.now = () => (EXPIRY - 3600) * 1000;
  let credentials;
  const provider = device.SharedAccessKeyAuthenticationProvider.fromConnectionString(connectionString);
  try {
    credentials = await provider.getDeviceCredentials();
  } finally {
    provider.stop();
    Date.now = realNow;
  }
  return record(name, 'azure-iot-device',
    'SharedAccessKeyAuthenticationProvider.fromConnectionString(cs).getDeviceCredentials().sharedAccessSignature'
      + ' [Date.now pinned to expiry - 3600 s]',
    keyRole, EXPIRY, { deviceId: deviceId, moduleId: moduleId, policy: policy }, credentials.sharedAccessSignature,
    target(deviceId, moduleId));
}

async function main() {
  const enc = common.encodeUriComponentStrict;
  const tokens = [
    commonToken('node-common-iothubowner', HOST, 'iothubowner', 'policyPrimary', { policy: 'iothubowner' }, HOST),
    commonToken('node-common-registry-secondary-key', enc(HOST), 'registryReadWrite', 'policySecondary',
      { policy: 'registryReadWrite' }, HOST),
    commonToken('node-common-device-policy-for-device', enc(HOST + '/devices/dev ice#1'), 'device', 'policyPrimary',
      { deviceId: 'dev ice#1', policy: 'device' }, target('dev ice#1')),
    commonToken('node-common-device-key-unencoded-sr', HOST + '/devices/d1', null, 'devicePrimary',
      { deviceId: 'd1' }, target('d1')),
    deviceToken('node-device-d1', 'd1', 'devicePrimary'),
    deviceToken('node-device-space-hash', 'dev ice#1', 'devicePrimary'),
    deviceToken('node-device-all-symbols', SYMBOLS_ID, 'deviceSecondary'),
    await connectionStringToken('node-client-connection-string', 'dev ice#1', null, null, 'devicePrimary'),
    await connectionStringToken('node-moduleclient-connection-string', 'd1', 'mod ule#2', null, 'deviceSecondary'),
    await connectionStringToken('node-client-device-policy', 'd1', null, 'device', 'policyPrimary')
  ];
  const javaTokens = process.argv[2] ? JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) : [];
  const out = {
    description: 'SAS tokens made by the official Azure IoT SDKs, for SasTokenTest. Regenerate as README.md says.',
    hostName: HOST,
    fixedExpiry: EXPIRY,
    keys: KEYS,
    tokens: javaTokens.concat(tokens)
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
