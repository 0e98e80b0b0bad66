/**
 * Large inputs (Node only): every export on 10^7 elements and on 10^6 slices of
 * 2, in a child process whose stack holds about a thousand frames (see
 * test/scripts/largeInputs.ts). Recursion that grows with the input overflows
 * it; quadratic work (10^12 steps) would run into the timeout.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("./scripts/largeInputs.ts", import.meta.url));

describe("large inputs", () => {
  it("10^7 elements and 10^6 slices of 2: every export, with a stack of ~1000 frames", () => {
    const run = spawnSync(process.execPath, ["--stack-size=100", "--import", "tsx", script], { encoding: "utf8", timeout: 120_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("ok "))).toHaveLength(25);
    expect(lines.at(-1)).toBe("done");
  }, 180_000);
});
