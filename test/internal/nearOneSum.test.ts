import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nearOneSum } from "../../src/internal/nearOneSum.js";
import { logSoftmax } from "../../src/logSoftmax.js";
import { spread } from "../helpers/arbitraries.js";
import { ROW_RUNS } from "../helpers/axis.js";
import { D, exactDecimal } from "../helpers/ulp.js";

const OUT = new Float64Array(3);

/**
 * |(u + ue) − (Σ e^(x_i) − 1)| over the bound nearOneSum returns in out[2],
 * from 80-digit decimal: at most 1 where the bound holds. The bound itself is
 * checked to be tight where it should be (below 2^-128 max(S, 1) + 2^-104 |u|
 * for n ≤ 12), so that it cannot pass by being loose: a dropped correction
 * (rll, one of the products' errors) leaves errors of 2^-115 and more.
 */
function errorOverBound(row: readonly number[]): number {
  nearOneSum(Float64Array.from(row), 0, 1, row.length, OUT);
  const sum = row.reduce((s, x) => s.plus(exactDecimal(x).exp()), new D(0));
  const got = exactDecimal(OUT[0]!).plus(exactDecimal(OUT[1]!));
  const bound = OUT[2]!;
  expect(bound).toBeLessThanOrEqual(2 ** -128 * Math.max(1 + OUT[0]!, 1) + 2 ** -104 * Math.abs(OUT[0]!));
  return got.minus(sum.minus(1)).abs().div(exactDecimal(bound)).toNumber();
}

describe("internal/nearOneSum: Σ e^(x_i) − 1 to about 2^-130, with a bound", () => {
  it("one term: e^x − 1 for x over every entry of the table (x = −j ln 2/256 − f, f in [0, ln 2/256))", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), spread(0, Math.LN2 / 256), (j, f) => {
        expect(errorOverBound([-(j * Math.LN2) / 256 - f])).toBeLessThanOrEqual(1);
      }),
      { numRuns: ROW_RUNS },
    );
  });

  it("log-probabilities from logSoftmax, whose sums are 1 up to their roundings", () => {
    const logits = fc.array(spread(-30, 30), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(logits, (row) => {
        expect(errorOverBound([...logSoftmax(row)])).toBeLessThanOrEqual(1);
      }),
      { numRuns: ROW_RUNS },
    );
  });

  it("[log p, log1p(−p)], and rows of any x ≤ 0 (the bound is then mostly 2^-105 |u|)", () => {
    fc.assert(
      fc.property(spread(1e-300, 1 - 2 ** -53), (p) => {
        expect(errorOverBound([Math.log(p), Math.log1p(-p)])).toBeLessThanOrEqual(1);
      }),
      { numRuns: ROW_RUNS },
    );
    const row = fc.array(spread(-200, 0), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(row, (x) => {
        expect(errorOverBound(x)).toBeLessThanOrEqual(1);
      }),
      { numRuns: ROW_RUNS },
    );
  });

  it("leaves out −∞ and the terms below 2^-(150 + log2 n): [−∞] is −1; [−106, 0] is 0 (e^-106 < 2^-152), [−100, 0] e^-100", () => {
    nearOneSum(Float64Array.of(-Infinity), 0, 1, 1, OUT);
    expect([OUT[0], OUT[1]]).toEqual([-1, 0]);
    nearOneSum(Float64Array.of(-106, 0), 0, 1, 2, OUT);
    expect(OUT[0]! + OUT[1]!).toBe(0);
    nearOneSum(Float64Array.of(-100, 0), 0, 1, 2, OUT);
    const exact = exactDecimal(-100).exp();
    const got = exactDecimal(OUT[0]!).plus(exactDecimal(OUT[1]!));
    expect(got.minus(exact).abs().div(exact).toNumber()).toBeLessThan(2 ** -100);
  });

  it("a confident row's largest log-probability, x = −1e-9 (k = j = 0): the bound relative to e^x − 1, not to 1", () => {
    // [log p, log1p(−p)] for p = e^-20.7: S − 1 is about 2^-80, which an
    // error bound of 2^-130 of 1 would leave to BigInt.
    const row = [Math.log1p(-Math.exp(-20.7)), -20.7];
    expect(errorOverBound(row)).toBeLessThanOrEqual(1);
    expect(OUT[2]!).toBeLessThan(2 ** -54 * Math.abs(OUT[0]!));
  });

  it("a row of 10^4 log-probabilities: the plainly summed low parts' roundings are within the bound", () => {
    const n = 10_000;
    const lp = [...logSoftmax(Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 3))];
    nearOneSum(Float64Array.from(lp), 0, 1, n, OUT);
    const sum = lp.reduce((s, x) => s.plus(exactDecimal(x).exp()), new D(0));
    const got = exactDecimal(OUT[0]!).plus(exactDecimal(OUT[1]!));
    expect(got.minus(sum.minus(1)).abs().toNumber()).toBeLessThanOrEqual(OUT[2]!);
    expect(OUT[2]!).toBeLessThan(2 ** -54 * Math.abs(OUT[0]!));
  });
});
