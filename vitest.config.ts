import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fails any test file whose fake AWS server received a call that is not a read.
    setupFiles: ['test/fake-aws/read-only-guard.ts'],
    // End-to-end tests spawn the built CLI, so each file gets room for a few child processes.
    testTimeout: 30_000,
    env: {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NO_COLOR: '1',
    },
  },
});
