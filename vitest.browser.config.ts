import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";

/**
 * The browser run: every test file that does not need Node (the allocation
 * test reads process.memoryUsage, the examples test reads the README and the
 * sources from disk, the arrays test makes a Node `vm` realm, the test of
 * the bundles' rewrite runs the TypeScript compiler) in headless Chromium,
 * Debian's /usr/bin/chromium (see README, "Development").
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/allocation.test.ts", "test/largeInputs.test.ts", "test/internal/kernelsWasm.test.ts", "test/internal/noWasm.test.ts", "test/examples.test.ts", "test/internal/arrays.test.ts", "test/demo.test.ts", "test/scripts/topLevelConst.test.ts"],
    testTimeout: 120_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      instances: [{ browser: "chromium" }],
      provider: playwright({
        launchOptions: {
          executablePath: process.env["LOGITS_CHROMIUM"] ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      }),
    },
  },
});
