// Jest global setup and teardown: an empty directory where the first test that needs the
// provider release builds it (scripts/release/build.ts, testRelease), so a test run builds it once.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ENV = 'CMS_TEST_RELEASE_DIR';

module.exports = async function releaseSetup() {
  if (!process.env[ENV]) process.env[ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-test-release-'));
};

module.exports.teardown = async function releaseTeardown() {
  const dir = process.env[ENV];
  if (dir && path.basename(dir).startsWith('cms-test-release-')) fs.rmSync(dir, { recursive: true, force: true });
};
