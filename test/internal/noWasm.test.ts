/**
 * Without WebAssembly (a child `node --no-expose-wasm`), every function with a
 * kernel falls back to its JavaScript loops and gives the same bits as the
 * WebAssembly kernels here (Node only: it spawns a process).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadKernels } from "../../src/internal/wasm.js";
import { noWasmResults } from "../scripts/noWasmInputs.js";

const script = fileURLToPath(new URL("../scripts/noWasm.ts", import.meta.url));

describe("internal/wasm: an engine without WebAssembly", () => {
  it("falls back to JavaScript, with the kernels' bits", () => {
    const run = spawnSync(process.execPath, ["--no-expose-wasm", "--import", "tsx", script], { encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const child = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(child["wasm"]).toBe("undefined");
    expect(loadKernels()).not.toBeNull();
    const here = noWasmResults();
    expect(Object.keys(here).length).toBe(15);
    for (const [name, bits] of Object.entries(here)) expect({ name, bits: child[name] }).toEqual({ name, bits });
  }, 60_000);
});
