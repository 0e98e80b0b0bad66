import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logSumExp } from "../src/logSumExp.js";
import { AXIS_MAX_ULP } from "./helpers/accuracy.js";
import { RUNS, logitRow } from "./helpers/arbitraries.js";
import { anyAxisMatchesLast, rowOracle } from "./helpers/axis.js";
import { goldenRowSuite } from "./helpers/golden.js";
import { exactLogSumExp } from "./helpers/oracle.js";
import { exactDecimal, ulpOfDouble } from "./helpers/ulp.js";

goldenRowSuite("logSumExp", (row) => [logSumExp(row)], AXIS_MAX_ULP);

describe("logSumExp: special values", () => {
  it("follows SPEC §3 per slice", () => {
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([Infinity, 1, -Infinity])).toBe(Infinity);
    expect(logSumExp([NaN, 1])).toBeNaN();
    expect(logSumExp([NaN, Infinity])).toBeNaN();
    expect(logSumExp([NaN, -Infinity])).toBeNaN();
    expect(logSumExp([-Infinity, 2])).toBe(2);
    expect(logSumExp([5])).toBe(5);
    expect(logSumExp(Float64Array.of(NaN, 0, Infinity, 0, -Infinity, -Infinity), { shape: [3, 2] })).toEqual(
      Float64Array.of(NaN, Infinity, -Infinity),
    );
  });

  it("[1000, 1000] and [0, -40]: no overflow, no rounding of 1 + tiny", () => {
    expect(logSumExp([1000, 1000])).toBe(1000.6931471805599);
    expect(logSumExp([0, -40])).toBe(4.248354255291589e-18);
    expect(logSumExp([0, -700])).toBe(9.85967654375977e-305);
  });
});

describe("logSumExp: accuracy", () => {
  rowOracle((row) => [logSumExp(row)], (row) => [exactLogSumExp(row)]);

  it("where max < 0 < log1p(rest) cancel (rows summing to about 1), is within 4 ULP of max: the absolute bound", () => {
    // n equal entries near −log n: the sum is near 1 and the result near 0.
    // The relative bound needs each term in double-double precision; until
    // then the error is bounded relative to the max, which this asserts.
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 50 }), fc.double({ min: -1e-3, max: 1e-3, noNaN: true }), (n, eps) => {
        const v = -Math.log(n) + eps;
        const row = Array.from({ length: n }, () => v);
        const error = exactDecimal(logSumExp(row)).minus(exactLogSumExp(row)).abs().toNumber();
        expect(error).toBeLessThanOrEqual(AXIS_MAX_ULP * ulpOfDouble(v));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("logSumExp: laws and shapes", () => {
  it("lies between max(x) and max(x) + log n", () => {
    fc.assert(
      fc.property(logitRow, (row) => {
        const m = Math.max(...row);
        const y = logSumExp(row);
        expect(y).toBeGreaterThanOrEqual(m);
        expect(y).toBeLessThanOrEqual(m + Math.log(row.length) * (1 + 2 ** -50) + Math.abs(m) * 2 ** -51);
      }),
      { numRuns: RUNS },
    );
  });

  it("returns a number without shape, one result per slice with it, and fills out", () => {
    const x = Float64Array.of(0, 1, 2, 3, 4, 5);
    expect(typeof logSumExp(x)).toBe("number");
    expect(logSumExp(x, { shape: [6] })).toEqual(Float64Array.of(logSumExp(x)));
    const rows = logSumExp(x, { shape: [2, 3] });
    expect(rows).toEqual(Float64Array.of(logSumExp([0, 1, 2]), logSumExp([3, 4, 5])));
    expect(logSumExp(x, { shape: [2, 3], axis: 0 })).toEqual(
      Float64Array.of(logSumExp([0, 3]), logSumExp([1, 4]), logSumExp([2, 5])),
    );
    const out = new Float64Array(2);
    expect(logSumExp(x, { shape: [2, 3], out })).toBe(out);
    expect(out).toEqual(rows);
    const one = new Float64Array(1);
    expect(logSumExp(x, { out: one })).toBe(one);
    expect(one[0]).toBe(logSumExp(x));
    expect(logSumExp(Float32Array.from(x), { shape: [2, 3] })).toEqual(rows);
    expect(logSumExp([0, 1, 2, 3, 4, 5], { shape: [2, 3] })).toEqual(rows);
    expect(logSumExp(new Float64Array(0), { shape: [2, 0] })).toEqual(Float64Array.of(-Infinity, -Infinity));
    expect(logSumExp(new Float64Array(0), { shape: [0, 2] })).toEqual(new Float64Array(0));
  });

  it("rejects an out that is not one element per slice, and bad shapes, writing nothing", () => {
    const out = new Float64Array(3).fill(7);
    const x = Float64Array.of(0, 1, 2, 3, 4, 5);
    expect(() => logSumExp(x, { shape: [2, 3], out })).toThrow(
      new RangeError("logSumExp: out has length 3 but the number of slices has length 2"),
    );
    expect(() => logSumExp(x, { shape: [4, 2], out })).toThrow(RangeError);
    expect(Array.from(out)).toEqual([7, 7, 7]);
    const loose = logSumExp as unknown as (x: unknown, o?: unknown) => unknown;
    expect(() => loose("x")).toThrow(TypeError);
    expect(() => loose(x, { shape: [6], axis: "0" })).toThrow(TypeError);
  });
});

anyAxisMatchesLast("logSumExp", (x, shape, axis) => logSumExp(x, { shape, axis }), false);
