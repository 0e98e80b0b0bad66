/**
 * The browser run of the tests (vitest.browser.config.ts) in headless Chromium:
 * Debian's /usr/bin/chromium, or the executable in LOGITS_CHROMIUM.
 * LOGITS_SKIP_BROWSER=1 skips it, saying so (for a contributor without
 * Chromium; CI never sets it).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (process.env["LOGITS_SKIP_BROWSER"] === "1") {
  console.log("test:browser: skipped (LOGITS_SKIP_BROWSER=1); CI runs it");
  process.exit(0);
}
const chromium = process.env["LOGITS_CHROMIUM"] ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `test:browser: no Chromium at ${chromium}. Install it (Debian: apt-get install chromium), ` +
      "point LOGITS_CHROMIUM at one, or skip the browser run with LOGITS_SKIP_BROWSER=1.",
  );
  process.exit(1);
}
const run = spawnSync("npx", ["vitest", "run", "--config", "vitest.browser.config.ts"], { stdio: "inherit" });
process.exit(run.status ?? 1);
