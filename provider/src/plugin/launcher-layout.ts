/** File names of a built provider directory (see launcher.ts and scripts/provider-package.ts). */

/** The launcher, executable through its `#!/usr/bin/env node` line. */
export const LAUNCHER_FILE = 'terraform-provider-cms';
/** The esbuild bundle the launcher runs. */
export const BUNDLE_FILE = 'provider.js';
/** V8 code cache for the bundle, next to it. */
export const CODE_CACHE_FILE = 'provider.js.cache';
/** Set to 1 to run the provider to its handshake, write the code cache and exit. */
export const WRITE_CODE_CACHE_ENV = 'CMS_PROVIDER_WRITE_CODE_CACHE';
