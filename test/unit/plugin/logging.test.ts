import { createLogger, logLevelFromEnv } from '../../../provider/src/plugin/logging';

describe('provider logging', () => {
  it('takes the level from TF_LOG_PROVIDER, then TF_LOG', () => {
    expect(logLevelFromEnv({})).toBe('warn');
    expect(logLevelFromEnv({ TF_LOG: 'DEBUG' })).toBe('debug');
    expect(logLevelFromEnv({ TF_LOG: 'debug', TF_LOG_PROVIDER: 'error' })).toBe('error');
    expect(logLevelFromEnv({ TF_LOG: 'JSON' })).toBe('trace');
    expect(logLevelFromEnv({ TF_LOG: 'off' })).toBe('off');
    expect(logLevelFromEnv({ TF_LOG: '1' })).toBe('trace');
  });

  it('writes hclog JSON lines go-plugin can parse (six-digit fractional timestamp)', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', json: true, write: (l) => lines.push(l) });
    log.debug('hidden');
    log.info('applied', { rpc: 'ApplyResourceChange', id: 12345678901234567890n });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]) as Record<string, string>;
    expect(entry).toMatchObject({ '@level': 'info', '@message': 'applied', '@module': 'provider.terraform-provider-cms', rpc: 'ApplyResourceChange', id: '12345678901234567890' });
    expect(entry['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('writes [LEVEL] lines for terminals', () => {
    const lines: string[] = [];
    createLogger({ level: 'trace', json: false, write: (l) => lines.push(l) }).warn('slow', { ms: 5, type_name: undefined });
    expect(lines).toEqual(['[WARN] slow ms=5\n']);
  });
});
