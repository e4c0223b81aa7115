/**
 * terraform-provider-cms: the process Terraform starts. The handshake comes first; the engine
 * and the REST client load only afterwards, so start-up stays fast (Terraform starts the
 * provider several times per command).
 */
import * as fs from 'node:fs';
import { serve } from './plugin/serve';

// For benchmarks: record this process's peak memory when it exits.
const statsFile = process.env.CMS_PROVIDER_STATS;
if (statsFile) {
  process.on('exit', () => {
    const line = JSON.stringify({ pid: process.pid, maxRssKiB: process.resourceUsage().maxRSS }) + '\n';
    fs.appendFileSync(statsFile, line);
  });
}

void serve(async () => {
  const [{ CmsProvider }, { connect }, { createLogger }] = await Promise.all([import('./provider'), import('./connection'), import('./plugin/logging')]);
  const logger = createLogger({ module: 'provider.terraform-provider-cms.api' });
  return new CmsProvider((settings) =>
    connect(settings, ({ level, message, fields }) => logger[level](message, { ...fields })),
  );
});
