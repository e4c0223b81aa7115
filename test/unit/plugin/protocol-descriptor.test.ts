import * as fs from 'node:fs';
import { DESCRIPTOR_PATH, renderProtocolDescriptor } from '../../../scripts/generate-protocol-descriptor';
import { serviceDefinition, SERVICE_NAMES } from '../../../provider/src/plugin/protocol';

describe('the generated protocol descriptor', () => {
  it('is up to date with provider/proto (regenerate: node scripts/run-ts.js scripts/generate-protocol-descriptor.ts)', () => {
    expect(fs.readFileSync(DESCRIPTOR_PATH, 'utf8')).toBe(renderProtocolDescriptor());
  });

  it('declares every tfplugin6 6.8 RPC and the go-plugin services', () => {
    expect(Object.keys(serviceDefinition(SERVICE_NAMES.provider)).sort()).toEqual(
      [
        'ApplyResourceChange', 'CallFunction', 'CloseEphemeralResource', 'ConfigureProvider', 'GetFunctions', 'GetMetadata',
        'GetProviderSchema', 'ImportResourceState', 'MoveResourceState', 'OpenEphemeralResource', 'PlanResourceChange',
        'ReadDataSource', 'ReadResource', 'RenewEphemeralResource', 'StopProvider', 'UpgradeResourceState',
        'ValidateDataResourceConfig', 'ValidateEphemeralResourceConfig', 'ValidateProviderConfig', 'ValidateResourceConfig',
      ].sort(),
    );
    expect(serviceDefinition(SERVICE_NAMES.controller).Shutdown.path).toBe('/plugin.GRPCController/Shutdown');
    expect(serviceDefinition(SERVICE_NAMES.stdio).StreamStdio).toMatchObject({ path: '/plugin.GRPCStdio/StreamStdio', responseStream: true });
    expect(serviceDefinition(SERVICE_NAMES.health).Check.path).toBe('/grpc.health.v1.Health/Check');
  });
});
