import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code; end-to-end tests live in e2e/ and run in their own project
// because they start the headless host and a real Chromium.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['main/**/*.test.ts', 'app/**/*.test.ts', 'renderer/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['e2e/**/*.test.ts'], environment: 'node', testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
