import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastTwoSumError, twoProductError, twoSumError } from "../../src/internal/float.js";
import { RUNS } from "../helpers/arbitraries.js";
import { exactDecimal } from "../helpers/ulp.js";

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 });

describe("internal/float: error-free transformations", () => {
  it("twoSumError: a + b = s + error exactly", () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const s = a + b;
        const e = twoSumError(a, b, s);
        expect(exactDecimal(a).plus(exactDecimal(b)).eq(exactDecimal(s).plus(exactDecimal(e)))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("fastTwoSumError: a + b = s + error exactly when |a| ≥ |b|", () => {
    fc.assert(
      fc.property(finite, finite, (x, y) => {
        const [a, b] = Math.abs(x) >= Math.abs(y) ? [x, y] : [y, x];
        const s = a + b;
        const e = fastTwoSumError(a, b, s);
        expect(exactDecimal(a).plus(exactDecimal(b)).eq(exactDecimal(s).plus(exactDecimal(e)))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("twoProductError: a · b = p + error exactly, factors up to the largest double included", () => {
    const big = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(big, fc.double({ min: -1e3, max: 1e3, noNaN: true }), (a, b) => {
        const p = a * b;
        // Exact unless the product overflows or its error underflows (documented).
        fc.pre(Number.isFinite(p) && (a === 0 || b === 0 || Math.abs(p) > 1e-290));
        const e = twoProductError(a, b, p);
        expect(exactDecimal(a).times(exactDecimal(b)).eq(exactDecimal(p).plus(exactDecimal(e)))).toBe(true);
        expect(twoProductError(b, a, p)).toBe(e);
      }),
      { numRuns: RUNS },
    );
    expect(twoProductError(-1.34e300, 0.001, -1.34e300 * 0.001)).not.toBeNaN();
  });
});
