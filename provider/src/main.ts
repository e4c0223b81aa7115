/**
 * terraform-provider-cms: the process Terraform starts. The handshake comes first; the engine
 * and the REST client load only afterwards, so start-up stays fast (Terraform starts the
 * provider several times per command).
 */
import { serve } from './plugin/serve';

void serve(async () => {
  const [{ CmsProvider }, { connect }, { createLogger }] = await Promise.all([import('./provider'), import('./connection'), import('./plugin/logging')]);
  const logger = createLogger({ module: 'provider.terraform-provider-cms.api' });
  return new CmsProvider((settings) =>
    connect(settings, ({ level, message, fields }) => logger[level](message, { ...fields })),
  );
});
