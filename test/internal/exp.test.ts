import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXP_CONSTANTS, EXP_TABLE, expOf } from "../../src/internal/exp.js";

const { C2, C3, C4, C5, C6, INV_L, L_HI, L_LO, SHIFT } = EXP_CONSTANTS;
import { RUNS, subnormal } from "../helpers/arbitraries.js";
import { D, exactDecimal, ulpError } from "../helpers/ulp.js";

const exact = (x: number) => exactDecimal(x).exp();
const LN2 = new D(2).ln();

describe("internal/exp: constants and table", () => {
  it("2^(j/32) = hi + lo: hi the nearest double, lo the nearest double to the rest (80-digit decimals)", () => {
    for (let j = 0; j < 32; j++) {
      const t = new D(2).pow(new D(j).div(32));
      const hi = EXP_TABLE[2 * j]!;
      expect(hi).toBe(t.toNumber());
      expect(EXP_TABLE[2 * j + 1]).toBe(t.minus(exactDecimal(hi)).toNumber());
    }
  });

  it("ln 2 / 32 = L_HI + L_LO, L_HI with 37 significant bits (k · L_HI exact for |k| < 2^16)", () => {
    const l = LN2.div(32);
    expect(INV_L).toBe(new D(32).div(LN2).toNumber());
    expect(L_LO).toBe(l.minus(exactDecimal(L_HI)).toNumber());
    expect(Math.abs(L_HI - l.toNumber())).toBeLessThan(2 ** -40);
    // 37 significant bits: L_HI · 2^(37 + 5) is an integer below 2^37.
    const scaled = L_HI * 2 ** 42;
    expect(Number.isInteger(scaled) && scaled < 2 ** 37 && scaled >= 2 ** 36).toBe(true);
    expect(SHIFT).toBe(1.5 * 2 ** 52);
    expect([C2, C3, C4, C5, C6]).toEqual([2, 6, 24, 120, 720].map((f) => new D(1).div(f).toNumber()));
  });
});

describe("internal/exp: accuracy", () => {
  it("is within 1 ULP of e^x over the whole range, subnormal results included (80-digit oracle)", () => {
    const inputs = fc.oneof(
      fc.double({ min: -746, max: 710, noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: -746, max: -708, noNaN: true }),
      fc.double({ min: 709, max: 710, noNaN: true }),
      subnormal,
    );
    fc.assert(
      fc.property(inputs, (x) => {
        expect(ulpError(expOf(x), exact(x)), `x = ${x}`).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it("is within 0.55 ULP for normal results on a sweep of 2001 points over [−708, 709]", () => {
    let worst = 0;
    for (let i = 0; i <= 2000; i++) {
      const x = -708 + (1417 * i) / 2000;
      worst = Math.max(worst, ulpError(expOf(x), exact(x)));
    }
    expect(worst).toBeLessThanOrEqual(0.55);
  });

  it("takes the IEEE special values and the edges of the range", () => {
    expect(expOf(0)).toBe(1);
    expect(expOf(-0)).toBe(1);
    expect(expOf(NaN)).toBeNaN();
    expect(expOf(Infinity)).toBe(Infinity);
    expect(expOf(-Infinity)).toBe(0);
    expect(expOf(1e308)).toBe(Infinity);
    expect(expOf(-1e308)).toBe(0);
    expect(expOf(709.79)).toBe(Infinity);
    expect(expOf(-745.14)).toBe(0);
    expect(expOf(-745.13)).toBe(5e-324);
    expect(expOf(5e-324)).toBe(1);
    for (const x of [709.782712893384, 709.78, -708.4, -744.44, 1, -1]) {
      expect(ulpError(expOf(x), exact(x)), `x = ${x}`).toBeLessThanOrEqual(1);
    }
  });
});
