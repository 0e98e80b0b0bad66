import { describe, expect, it } from "vitest";
import { D, exactDecimal, exponentOf, ulpError, ulpOf, ulpOfDouble } from "./ulp.js";

describe("ULP helper", () => {
  it("converts doubles to their exact decimal value, not the shortest string", () => {
    expect(exactDecimal(0.1).toFixed(55)).toBe("0.1000000000000000055511151231257827021181583404541015625");
    expect(exactDecimal(-2.5).toString()).toBe("-2.5");
    expect(exactDecimal(2 ** 60).toFixed()).toBe("1152921504606846976");
    // 2^-1074 = 5^1074 / 10^1074 has 751 significant digits, all kept.
    expect(exactDecimal(5e-324).sd()).toBe(751);
    expect(exactDecimal(5e-324).toSignificantDigits(80).eq(new D(2).pow(-1074))).toBe(true);
    expect(exactDecimal(0).isZero()).toBe(true);
    expect(() => exactDecimal(NaN)).toThrow(RangeError);
  });

  it("finds binary exponents of normal and subnormal doubles", () => {
    expect(exponentOf(1)).toBe(0);
    expect(exponentOf(1.5)).toBe(0);
    expect(exponentOf(0.75)).toBe(-1);
    expect(exponentOf(-1024)).toBe(10);
    expect(exponentOf(Number.MIN_VALUE)).toBe(-1074);
    expect(exponentOf(2 ** -1022)).toBe(-1022);
    expect(exponentOf(3 * 2 ** -1070)).toBe(-1069);
  });

  it("measures ulp(v) as the spacing at |v|, 2^-1074 in the subnormal range", () => {
    expect(ulpOf(new D(1)).eq(new D(2).pow(-52))).toBe(true);
    expect(ulpOf(new D("0.75")).eq(new D(2).pow(-53))).toBe(true);
    expect(ulpOf(new D("1e-310")).eq(new D(2).pow(-1074))).toBe(true);
    expect(ulpOf(new D(0)).eq(new D(2).pow(-1074))).toBe(true);
    // Just below 1: the binade is [0.5, 1) although Number() rounds it to 1.
    expect(ulpOf(new D("0.99999999999999999999")).eq(new D(2).pow(-53))).toBe(true);
    expect(ulpOfDouble(1)).toBe(2 ** -52);
    expect(ulpOfDouble(-3)).toBe(2 ** -51);
    expect(ulpOfDouble(1e-310)).toBe(2 ** -1074);
    expect(ulpOfDouble(0)).toBe(2 ** -1074);
  });

  it("scores exact values 0, neighbours 1, and halfway points 0.5", () => {
    expect(ulpError(1, "1")).toBe(0);
    expect(ulpError(1 + 2 ** -52, "1")).toBe(1);
    expect(ulpError(1 - 2 ** -53, "1")).toBe(0.5); // the ulp of the exact value 1 is 2^-52
    expect(ulpError(0.1, "0.1")).toBeCloseTo(0.4, 1); // 0.1 is 5.55e-18 above, ulp 1.39e-17
    expect(ulpError(1 + 2 ** -52, new D(1).plus(new D(2).pow(-53)))).toBe(0.5);
    expect(ulpError(5e-324, "0")).toBe(Infinity);
    expect(ulpError(0, "0")).toBe(0);
    expect(ulpError(0, "1e-400")).toBeLessThan(1e-70);
    expect(ulpError(3 * 2 ** -1074, new D(2).pow(-1074))).toBe(2);
    expect(ulpError(-2, "2")).toBe(2 ** 53);
  });

  it("requires a NaN or infinite result to be the exact reference", () => {
    expect(ulpError(NaN, "1")).toBe(Infinity);
    expect(ulpError(Infinity, "1e308")).toBe(Infinity);
    expect(ulpError(Infinity, "1e400")).toBe(0);
    expect(ulpError(Infinity, new D(Infinity))).toBe(0);
    expect(ulpError(-Infinity, new D(Infinity))).toBe(Infinity);
    expect(ulpError(Number.MAX_VALUE, "1e400")).toBeGreaterThan(1e90);
  });
});
