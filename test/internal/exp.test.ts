import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXP_CONSTANTS, EXP_TABLE, EXP_TAIL, expOf } from "../../src/internal/exp.js";

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

/** exp's whole range, its ends and subnormal results weighted up. */
const RANGE = [
  fc.double({ min: -746, max: 710, noNaN: true }),
  fc.double({ min: -1, max: 1, noNaN: true }),
  fc.double({ min: -746, max: -708, noNaN: true }),
  fc.double({ min: 709, max: 710, noNaN: true }),
  subnormal,
];

describe("internal/exp: accuracy", () => {
  it("is within 1 ULP of e^x over the whole range, subnormal results included (80-digit oracle)", () => {
    const inputs = fc.oneof(...RANGE);
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

describe("internal/exp: its tail (EXP_TAIL)", () => {
  const inputs = fc.oneof(...RANGE, fc.constantFrom(0, -0, Infinity, -Infinity, NaN, -708.3964185322641, -708.4, -745.13));

  it("with its tail, is e^x within 2^-56 relative where e^x is normal, plus the tail's rounding to 2^-1074 (80-digit oracle): an 8th of an ULP at most, where expOf alone is off by up to 0.5", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -708, max: 709, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), (x) => {
        const e = expOf(x);
        const t = EXP_TAIL[0]!;
        const ref = exact(x);
        expect(Math.abs(t)).toBeLessThanOrEqual(Math.abs(e) * 2 ** -53);
        const error = exactDecimal(e).plus(exactDecimal(t)).minus(ref).abs();
        expect(error.lte(ref.times(2 ** -56).plus(new D(2).pow(-1075))), `x = ${x}: ${error.div(ref).toNumber()} relative`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("leaves a tail of 0 where e^x is 0 or 1 exactly, NaN for NaN, and a finite one for every x", () => {
    for (const x of [-Infinity, -1e308, -746, 0, -0]) {
      expOf(x);
      expect(EXP_TAIL[0], `x = ${x}`).toBe(0);
    }
    expOf(NaN);
    expect(EXP_TAIL[0]).toBeNaN();
    fc.assert(
      fc.property(inputs.filter((x) => !Number.isNaN(x)), (x) => {
        expOf(x);
        expect(Number.isFinite(EXP_TAIL[0]), `x = ${x}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
