import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { BLOCK, RESTS, restSums, TOPS } from "../../src/internal/expSum.js";
import { log1pOf } from "../../src/internal/log.js";
import { LOGS, REST_LOGS } from "../../src/internal/restLogs.js";
import { setKernelPath } from "../../src/internal/wasm.js";
import { logitRow, RUNS } from "../helpers/arbitraries.js";
import { domainDouble } from "../helpers/fuzz.js";

afterEach(() => {
  setKernelPath("auto");
});

/**
 * The first pass with REST_LOGS over `count` contiguous rows of n on `path`:
 * for each row with a finite maximum, LOGS and what they should be from
 * RESTS (lh = log1pOf(rh), ll = rl / (1 + rh)), as strings, bit for bit.
 */
function logsOf(path: "js" | "wasm", x: Float64Array, count: number, n: number): { logs: string[]; expected: string[] } {
  setKernelPath(path);
  restSums(x, 0, count, n, 1, undefined, 1, REST_LOGS);
  const logs: string[] = [];
  const expected: string[] = [];
  for (let r = 0; r < count; r++) {
    if (TOPS[r]! < 0) continue;
    const [rh, rl] = [RESTS[3 * r]!, RESTS[3 * r + 1]!];
    logs.push(`${LOGS[2 * r]} ${LOGS[2 * r + 1]}`);
    expected.push(`${log1pOf(rh)} ${rl / (1 + rh)}`);
  }
  return { logs, expected };
}

describe("internal/restLogs: the logs of the first pass's rests", () => {
  it("LOGS holds log1p(rest) as lh = log1pOf(rh) and ll = rl / (1 + rh) for every row with a finite maximum, the same bits on the WebAssembly and JavaScript paths", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.oneof(logitRow, fc.array(domainDouble, { minLength: 1, maxLength: 12 })), { minLength: 1, maxLength: 12 }), (n, rows) => {
        const values = rows.flat();
        const count = Math.min(BLOCK, Math.floor(values.length / n));
        const x = Float64Array.from(values.slice(0, count * n));
        const wasm = logsOf("wasm", x, count, n);
        const js = logsOf("js", x, count, n);
        expect(wasm.logs).toEqual(wasm.expected);
        expect(js.logs).toEqual(js.expected);
        expect(wasm.logs).toEqual(js.logs);
      }),
      { numRuns: RUNS },
    );
  });
});
