import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expFixed, fixedOf, fixedToNumber } from "../../src/internal/fixedPoint.js";
import { ROW_RUNS } from "../helpers/axis.js";
import { D, exactDecimal } from "../helpers/ulp.js";

/** 420 digits: enough for e^x · 2^1200 to well below one unit. */
const Wide = D.clone({ precision: 420 });

const exactOf = (x: number) => new Wide(exactDecimal(x).toString());
const fixedDecimal = (v: bigint, q: number) => new Wide(v.toString()).div(new Wide(2).pow(q));

describe("internal/fixedPoint: BigInt fixed point", () => {
  it("fixedOf(x, q) is x · 2^q truncated toward 0", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 1200 }), (x, q) => {
        const v = fixedOf(x, q);
        const exact = exactOf(x).times(new Wide(2).pow(q));
        expect(new Wide(v.toString()).eq(exact.trunc())).toBe(true);
      }),
      { numRuns: ROW_RUNS },
    );
  });

  it("fixedToNumber(V, q) is V · 2^-q rounded: within 2^-53 relative, plus 2^-64 from cutting V to 64 bits", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }), fc.integer({ min: 0, max: 1200 }), (v, q) => {
        fc.pre(v < -(1n << 60n) || v > 1n << 60n);
        const y = fixedToNumber(v, q);
        const exact = fixedDecimal(v, q);
        expect(exactOf(y).minus(exact).abs().lte(exact.abs().times(new Wide(2).pow(-53).plus(new Wide(2).pow(-64))))).toBe(true);
      }),
      { numRuns: ROW_RUNS },
    );
    expect(fixedToNumber(3n << 100n, 101)).toBe(1.5);
    expect(fixedToNumber(-(1n << 1199n), 1200)).toBe(-0.5);
  });

  for (const q of [64, 200, 1100]) {
    it(`expFixed(x, ${q}) is e^x · 2^${q} within 1 + 2^-6 units, for x ≤ 0 down to −(q + 2) ln 2`, () => {
      const low = -(q + 2) * Math.LN2;
      const xs = fc.oneof(
        fc.double({ min: low, max: 0, noNaN: true }),
        fc.double({ min: -1e-10, max: 0, noNaN: true }),
        fc.constantFrom(0, -0, -Math.LN2 / 2, -Math.LN2, -1e-300, -5e-324, low),
      );
      fc.assert(
        fc.property(xs, (x) => {
          const value = new Wide(expFixed(x, q).toString());
          const exact = exactOf(x).exp().times(new Wide(2).pow(q));
          expect(value.minus(exact).abs().toNumber()).toBeLessThanOrEqual(1 + 2 ** -6);
        }),
        { numRuns: q > 1000 ? 50 : ROW_RUNS },
      );
    });
  }
});
