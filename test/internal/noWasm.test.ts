/**
 * Without WebAssembly (a child `node --no-expose-wasm`), sigmoid, softplus and
 * logSigmoid fall back to their JavaScript loops and give the same bits as the
 * WebAssembly kernels here (Node only: it spawns a process).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { logSigmoid } from "../../src/logSigmoid.js";
import { sigmoid } from "../../src/sigmoid.js";
import { softplus } from "../../src/softplus.js";
import { loadKernels } from "../../src/internal/wasm.js";
import { noWasmInputs, toHex } from "../scripts/noWasmInputs.js";

const script = fileURLToPath(new URL("../scripts/noWasm.ts", import.meta.url));

describe("internal/wasm: an engine without WebAssembly", () => {
  it("falls back to JavaScript, with the kernels' bits", () => {
    const run = spawnSync(process.execPath, ["--no-expose-wasm", "--import", "tsx", script], { encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const child = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(child["wasm"]).toBe("undefined");
    expect(loadKernels()).not.toBeNull();
    const x = noWasmInputs();
    expect(child["sigmoid"]).toEqual(toHex(sigmoid(x)));
    expect(child["softplus"]).toEqual(toHex(softplus(x)));
    expect(child["logSigmoid"]).toEqual(toHex(logSigmoid(x)));
  }, 60_000);
});
