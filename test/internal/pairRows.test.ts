import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { PAIR_ROWS, pairRowsKernel } from "../../src/internal/pairRows.js";
import { setKernelPath } from "../../src/internal/wasm.js";
import { logSoftmax } from "../../src/logSoftmax.js";
import { logSumExp } from "../../src/logSumExp.js";
import { anyDouble, RUNS } from "../helpers/arbitraries.js";

afterEach(() => {
  setKernelPath("auto");
});

/**
 * Rows of two of every kind the kernel meets: logits, one term just above
 * and below EXP_NORMAL_LO (−708) and far below it, NaN in either place, ±∞,
 * ties and ±0, log-probabilities (a sum near 1: logSumExp's re-summation),
 * huge values whose difference overflows.
 */
function rowOf(r: number): [number, number] {
  const t = Math.sin(r * 12.9898) * 10;
  switch (r % 13) {
    case 1:
      return [t, t - 708.2];
    case 2:
      return [t - 707.9, t];
    case 3:
      return [t, t - 800];
    case 4:
      return [NaN, t];
    case 5:
      return [t, NaN];
    case 6:
      return [Infinity, t];
    case 7:
      return [-Infinity, r % 2 === 0 ? t : -Infinity];
    case 8:
      return [t, t];
    case 9:
      return r % 2 === 0 ? [0, -0] : [-0, 0];
    case 10: {
      const p = 0.5 + Math.sin(r) * 0.49;
      return [Math.log(p), Math.log1p(-p)];
    }
    case 11:
      return [1e308, -1e308];
    default:
      return [t, Math.cos(r) * 10];
  }
}

/** logSoftmax (and in place) and logSumExp (with the signs) of rows of two on `path`, as one array. */
function results(path: "js" | "wasm", x: Float64Array): number[] {
  setKernelPath(path);
  const rows = x.length / 2;
  const inPlace = x.slice();
  logSoftmax(inPlace, { shape: [rows, 2], out: inPlace });
  const signed = logSumExp(x, { shape: [rows, 2], returnSign: true });
  return [...logSoftmax(x, { shape: [rows, 2] }), ...inPlace, ...signed.value, ...signed.sign];
}

describe("internal/pairRows", () => {
  it("logSoftmax and logSumExp of rows of two: the kernel and the JavaScript agree bit for bit, on rows it leaves to JavaScript, odd counts, past a call's rows", () => {
    for (const rows of [1, 2, 3, 13, 27, PAIR_ROWS + 3]) {
      const x = Float64Array.from(Array.from({ length: rows }, (_, r) => rowOf(r)).flat());
      expect(results("wasm", x)).toEqual(results("js", x));
    }
  });

  it("leaves to JavaScript exactly the rows whose term e^(v − m) is below EXP_NORMAL_LO or NaN, and computes every other", () => {
    const x = Float64Array.from(Array.from({ length: 26 }, (_, r) => rowOf(r)).flat());
    setKernelPath("wasm");
    const done = pairRowsKernel(x, 0, 26, 0)!;
    for (let r = 0; r < 26; r++) {
      const [a, b] = [x[2 * r]!, x[2 * r + 1]!];
      const d = Math.min(a, b) - (b > a ? b : a);
      expect(Number.isNaN(done[2 * r]!), `row ${r}: ${a}, ${b}`).toBe(!(d >= -708));
    }
    setKernelPath("js");
    expect(pairRowsKernel(x, 0, 26, 0)).toBeNull();
  });

  it("the paths agree on random rows of two, any doubles", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyDouble, anyDouble), { minLength: 1, maxLength: 9 }), (pairs) => {
        const x = Float64Array.from(pairs.flat());
        expect(results("wasm", x)).toEqual(results("js", x));
      }),
      { numRuns: RUNS / 10 },
    );
  });
});
