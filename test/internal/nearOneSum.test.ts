import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nearOneSum } from "../../src/internal/nearOneSum.js";
import { logSoftmax } from "../../src/logSoftmax.js";
import { spread } from "../helpers/arbitraries.js";
import { ROW_RUNS } from "../helpers/axis.js";
import { D, exactDecimal } from "../helpers/ulp.js";

const OUT = new Float64Array(2);

/**
 * |(u + ue) − (Σ e^(x_i) − 1)| over the bound nearOneSum states,
 * 2^-110 max(S, 1) + 2^-105 |u|, from 80-digit decimal: at most 1 where
 * the bound holds.
 */
function errorOverBound(row: readonly number[]): number {
  nearOneSum(Float64Array.from(row), 0, 1, row.length, OUT);
  const sum = row.reduce((s, x) => s.plus(exactDecimal(x).exp()), new D(0));
  const got = exactDecimal(OUT[0]!).plus(exactDecimal(OUT[1]!));
  const bound = D.max(sum, 1).times(new D(2).pow(-110)).plus(exactDecimal(Math.abs(OUT[0]!)).times(new D(2).pow(-105)));
  return got.minus(sum.minus(1)).abs().div(bound).toNumber();
}

describe("internal/nearOneSum: Σ e^(x_i) − 1 to 2^-110", () => {
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

  it("leaves out −∞ and the terms below 2^-(118 + log2 n): [−∞] is −1; [−90, 0] is 0 (e^-90 < 2^-119), [−80, 0] e^-80", () => {
    nearOneSum(Float64Array.of(-Infinity), 0, 1, 1, OUT);
    expect([OUT[0], OUT[1]]).toEqual([-1, 0]);
    nearOneSum(Float64Array.of(-90, 0), 0, 1, 2, OUT);
    expect(OUT[0]! + OUT[1]!).toBe(0);
    nearOneSum(Float64Array.of(-80, 0), 0, 1, 2, OUT);
    const exact = exactDecimal(-80).exp();
    const got = exactDecimal(OUT[0]!).plus(exactDecimal(OUT[1]!));
    expect(got.minus(exact).abs().div(exact).toNumber()).toBeLessThan(2 ** -100);
  });
});
