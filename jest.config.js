/** Jest runs TypeScript through swc (transpile only); `npm run typecheck` does the type checking. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] };

/**
 * The construct tests run twice: against cdktf, and against CDK Terrain with every 'cdktf' import
 * and the L1 bindings mapped to cdktn and constructs/generated-cdktn, as the @cms-iac/cdktn build
 * does (scripts/build-packages.ts). The convergence test (terraform apply) runs once.
 */
const cdktn = {
  '^cdktf$': 'cdktn',
  '^(?:\\.\\./)+(?:constructs/)?generated/providers/cms(.*)$': '<rootDir>/constructs/generated-cdktn/providers/cms$1',
};

module.exports = {
  testTimeout: 60000,
  // The provider release (npm run release) is built at most once per run, by the first test that needs it.
  globalSetup: '<rootDir>/test/release-setup.js',
  globalTeardown: '<rootDir>/test/release-teardown.js',
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { displayName: 'simulator', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/simulator/**/*.test.ts'] },
    { displayName: 'client', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/client/**/*.test.ts'] },
    { displayName: 'protocol', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/protocol/**/*.test.ts'] },
    { displayName: 'acceptance', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/acceptance/**/*.test.ts'] },
    { displayName: 'constructs', testEnvironment: 'node', transform, globals: { CMS_IAC_CDK: 'cdktf' }, testMatch: ['<rootDir>/test/constructs/**/*.test.ts'] },
    {
      displayName: 'constructs-cdktn',
      testEnvironment: 'node',
      transform,
      moduleNameMapper: cdktn,
      globals: { CMS_IAC_CDK: 'cdktn' },
      testMatch: ['<rootDir>/test/constructs/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/test/constructs/converge\\.test\\.ts$'],
    },
    { displayName: 'packages', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/packages/**/*.test.ts'] },
  ],
};
