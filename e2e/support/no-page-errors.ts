import { afterEach, beforeEach, expect } from 'vitest';
import { takePageErrors } from './browser.js';

// Set up for every end-to-end test file (e2e/vitest.config.ts): no page may throw, whatever the test checks.
beforeEach(() => {
  // Errors from a previous test's teardown or from beforeAll are that file's, reported below.
  const before = takePageErrors();
  expect(before, 'page errors before this test (during setup)').toEqual([]);
});

afterEach(() => {
  expect(takePageErrors(), 'uncaught errors or unhandled rejections in the browser').toEqual([]);
});
