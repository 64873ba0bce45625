/**
 * Vitest setup file (vitest.config.ts `setupFiles`), so it runs in every test file: after
 * the file's last test it checks that no fake AWS server started in that file received a
 * call outside READ_OPERATIONS. A test that makes the CLI write to AWS fails its file here,
 * even when the test itself checks nothing about writes.
 */

import { afterAll, expect } from 'vitest';

import { startedFakes, writeCalls } from './server.js';

afterAll(() => {
  const writes = startedFakes.flatMap((fake) => writeCalls(fake.calls).map((call) => `${call.operation} ${call.path ?? ''}`.trim()));
  expect(writes, 'calls to the fake AWS server that are not read operations').toEqual([]);
});
