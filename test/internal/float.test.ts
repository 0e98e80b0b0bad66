import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binaryExponent, fastTwoSumError, significand, twoProductError, twoSumError } from "../../src/internal/float.js";
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

  it("twoProductError(Infinity, 2, Infinity) is NaN, not an endless rescaling (a stack overflow once)", () => {
    expect(twoProductError(Infinity, 2, Infinity)).toBeNaN();
    expect(twoProductError(3, -Infinity, -Infinity)).toBeNaN();
  });

  it("binaryExponent and significand: a = significand(a) · 2^binaryExponent(a) exactly, |significand| in [1, 2)", () => {
    const any = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((a) => a !== 0);
    fc.assert(
      fc.property(any, (a) => {
        const e = binaryExponent(a);
        const f = significand(a);
        expect(Math.abs(f) >= 1 && Math.abs(f) < 2).toBe(true);
        expect(Math.sign(f)).toBe(Math.sign(a));
        // f · 2^e in two exact steps (2^e alone may be out of range).
        expect(f * 2 ** Math.max(e, -1000) * 2 ** Math.min(0, e + 1000)).toBe(a);
      }),
      { numRuns: RUNS },
    );
    // 2^-1023 − 2^-1074, a subnormal whose log2 rounds up to −1023: the exponent is −1024.
    const belowPower = 2 ** -1023 - 2 ** -1074;
    for (const [a, e] of [[5e-324, -1074], [-2.2250738585072014e-308, -1022], [1.7976931348623157e308, 1023], [0.5, -1], [1, 0], [3, 1], [belowPower, -1024]] as const) {
      expect(binaryExponent(a)).toBe(e);
      expect(significand(a) * 2 ** Math.max(e, -1000) * 2 ** Math.min(0, e + 1000)).toBe(a);
    }
    expect(binaryExponent(Infinity)).toBe(1024);
  });
});
