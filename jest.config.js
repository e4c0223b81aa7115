/** Jest runs TypeScript through swc (transpile only); `npm run typecheck` does the type checking. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] };

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
    { displayName: 'constructs', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/constructs/**/*.test.ts'] },
  ],
};
