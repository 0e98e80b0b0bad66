import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logit } from "../src/logit.js";
import { ELEMENTWISE_MAX_ULP } from "./helpers/accuracy.js";
import { RUNS, anyDouble, probability } from "./helpers/arbitraries.js";
import { elementwiseArrayContract, monotone, oracleAccuracy } from "./helpers/elementwise.js";
import { goldenScalarSuite } from "./helpers/golden.js";
import { exactLogit } from "./helpers/oracle.js";

goldenScalarSuite("logit", "p", logit, ELEMENTWISE_MAX_ULP);

describe("logit: special values", () => {
  it("follows SPEC §3", () => {
    expect(logit(0)).toBe(-Infinity);
    expect(logit(-0)).toBe(-Infinity);
    expect(logit(1)).toBe(Infinity);
    expect(logit(0.5)).toBe(0);
    for (const p of [1.5, -0.1, -5e-324, 1 + 2 ** -52, Infinity, -Infinity, NaN]) expect(logit(p)).toBeNaN();
  });

  it("is exact at the subnormal end and next to 1", () => {
    expect(logit(5e-324)).toBe(-744.4400719213812);
    expect(logit(1 - 2 ** -53)).toBe(36.7368005696771);
  });

  it("0.5 + 2^-52: 8.881784197001252e-16, where log(p/(1-p)) is 4 ULP off", () => {
    expect(logit(0.5 + 2 ** -52)).toBe(8.881784197001252e-16);
    expect(logit(0.5 - 2 ** -53)).toBe(-4.440892098500626e-16);
  });
});

describe("logit: eps clamp (as torch.logit)", () => {
  it("clamps to [eps, 1 - eps], out-of-range inputs included", () => {
    const eps = 1e-6;
    expect(logit(0, { eps })).toBe(logit(eps));
    expect(logit(-3, { eps })).toBe(logit(eps));
    expect(logit(1, { eps })).toBe(logit(1 - eps));
    expect(logit(1.5, { eps })).toBe(logit(1 - eps));
    expect(logit(0.3, { eps })).toBe(logit(0.3));
    expect(logit(Float64Array.of(-1, 0, 0.3, 1, 2), { eps })).toEqual(
      Float64Array.of(logit(eps), logit(eps), logit(0.3), logit(1 - eps), logit(1 - eps)),
    );
  });

  it("keeps NaN as NaN, and eps = 0 and 0.5 are allowed", () => {
    expect(logit(NaN, { eps: 0.1 })).toBeNaN();
    expect(logit(0, { eps: 0 })).toBe(-Infinity);
    expect(logit(2, { eps: 0 })).toBe(Infinity);
    expect(logit(0.9, { eps: 0.5 })).toBe(0);
    expect(logit(0.2, { eps: undefined })).toBe(logit(0.2));
  });

  it("rejects eps outside [0, 0.5] or NaN with a RangeError, and a non-number with a TypeError, writing nothing", () => {
    const out = new Float64Array(2).fill(7);
    expect(() => logit(Float64Array.of(0.2, 0.3), { eps: -1e-3, out })).toThrow(
      new RangeError("logit: eps must be in [0, 0.5]; got -0.001"),
    );
    expect(out.every((v) => v === 7)).toBe(true);
    expect(() => logit(0.3, { eps: 0.6 })).toThrow(new RangeError("logit: eps must be in [0, 0.5]; got 0.6"));
    expect(() => logit(0.3, { eps: NaN })).toThrow(new RangeError("logit: eps must be in [0, 0.5]; got NaN"));
    const loose = logit as unknown as (p: unknown, o: unknown) => unknown;
    expect(() => loose(0.3, { eps: "0.1" })).toThrow(new TypeError('logit: eps must be a number; got a string ("0.1")'));
  });
});

oracleAccuracy("logit", logit, exactLogit, probability, {
  label: "a dense sweep of (0, 1) and of 0.5 ± k·2^-53",
  points: [
    ...Array.from({ length: 4000 }, (_, i) => (i + 0.5) / 4000),
    ...Array.from({ length: 1001 }, (_, i) => 0.5 + (i - 500) * 2 ** -53),
  ],
});

describe("logit: laws", () => {
  it("is NaN exactly outside [0, 1] and for NaN, ±∞ exactly at 0 and 1", () => {
    fc.assert(
      fc.property(anyDouble, (p) => {
        const y = logit(p);
        if (Number.isNaN(p) || p < 0 || p > 1) expect(y).toBeNaN();
        else if (p === 0) expect(y).toBe(-Infinity);
        else if (p === 1) expect(y).toBe(Infinity);
        else expect(Number.isFinite(y)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  monotone("logit", logit, probability);

  it("is odd about 0.5: logit(1 - p) = -logit(p) within 2 ULP each (1 - p is exact for p ≥ 0.5)", () => {
    expect(logit(1 - 1) + logit(1)).toBeNaN(); // -∞ + ∞: the one pair without a finite sum
    fc.assert(
      fc.property(probability, (a) => {
        const p = a < 0.5 ? 1 - a : a;
        fc.pre(p < 1);
        // p ≥ 0.5, so q = 1 − p is exact; both sides are computed from exact data.
        const q = 1 - p;
        const bound = 2 * ELEMENTWISE_MAX_ULP * Math.abs(logit(p)) * 2 ** -52;
        expect(Math.abs(logit(q) + logit(p))).toBeLessThanOrEqual(bound);
      }),
      { numRuns: RUNS },
    );
  });
});

elementwiseArrayContract("logit", logit, [0, -0, 5e-324, 1e-300, 0.1, 0.25, 0.5 + 2 ** -52, 0.75, 1 - 2 ** -53, 1, 1.5, NaN]);
