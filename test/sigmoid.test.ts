import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logit } from "../src/logit.js";
import { sigmoid } from "../src/sigmoid.js";
import { ELEMENTWISE_MAX_ULP, SIGMOID_MAX_ULP } from "./helpers/accuracy.js";
import { RUNS, anyDouble, finiteDouble, probability, realInput } from "./helpers/arbitraries.js";
import { elementwiseArrayContract, monotone, oracleAccuracy, regressions, WIDE_SWEEP } from "./helpers/elementwise.js";
import { goldenScalarSuite } from "./helpers/golden.js";
import { exactSigmoid } from "./helpers/oracle.js";
import { ulpOfDouble } from "./helpers/ulp.js";

goldenScalarSuite("sigmoid", "x", sigmoid, SIGMOID_MAX_ULP);

describe("sigmoid: special values", () => {
  it("follows SPEC §3", () => {
    expect(sigmoid(NaN)).toBeNaN();
    expect(sigmoid(Infinity)).toBe(1);
    expect(sigmoid(-Infinity)).toBe(0);
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-0)).toBe(0.5);
  });

  it("keeps subnormal results where 1 / (1 + exp(-x)) gives 0", () => {
    expect(sigmoid(-740)).toBe(4.2e-322);
    expect(sigmoid(-745)).toBe(5e-324);
    expect(sigmoid(-746)).toBe(0);
    expect(sigmoid(-Number.MAX_VALUE)).toBe(0);
    expect(sigmoid(Number.MAX_VALUE)).toBe(1);
  });
});

oracleAccuracy("sigmoid", sigmoid, exactSigmoid, realInput, WIDE_SWEEP, SIGMOID_MAX_ULP);

describe("sigmoid: inputs once off by more than the bound", () => {
  regressions("sigmoid", sigmoid, exactSigmoid, SIGMOID_MAX_ULP, [[-3.4540770193361747, 1.72], [-2.7418253511958035, 1.63], [-28.511709604387576, 1.42]]);
});

describe("sigmoid: laws", () => {
  it("stays in [0, 1] and is NaN only for NaN", () => {
    fc.assert(
      fc.property(anyDouble, (x) => {
        const s = sigmoid(x);
        if (Number.isNaN(x)) expect(s).toBeNaN();
        else expect(s >= 0 && s <= 1).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  monotone("sigmoid", sigmoid, realInput);

  it("is monotone across neighbouring doubles at the branch and rounding thresholds", () => {
    for (const start of [-745.2, -709.8, -708 - 1e-12, -37, -1e-300, -5e-324, 0, 1e-17, 36.7, 37]) {
      let x = start;
      let previous = sigmoid(x);
      for (let i = 0; i < 2000; i++) {
        x = nextUp(x);
        const s = sigmoid(x);
        expect(s).toBeGreaterThanOrEqual(previous);
        previous = s;
      }
    }
  });

  it("sigmoid(-x) = 1 - sigmoid(x) within the error of the two sigmoids (1 - s is exact for s ≥ 0.5)", () => {
    fc.assert(
      fc.property(finiteDouble, (a) => {
        const x = Math.abs(a);
        const s = sigmoid(x);
        const t = sigmoid(-x);
        const bound = ELEMENTWISE_MAX_ULP * (ulpOfDouble(s) + ulpOfDouble(t));
        expect(Math.abs(t - (1 - s))).toBeLessThanOrEqual(bound);
      }),
      { numRuns: RUNS },
    );
  });

  it("logit(sigmoid(x)) = x within the conditioning: |Δx| ≤ 2·ulp(s)/(s(1−s)) + 2·ulp(x)", () => {
    // σ is within 2 ULP; logit amplifies an error Δs by logit'(s) = 1/(s(1 − s)),
    // and adds its own 2 ULP. Once σ(x) rounds to 1 (x > 36.7) or 0 (x < −745.1),
    // x is lost and logit gives ±∞, as the rounded probability says.
    fc.assert(
      fc.property(realInput, (x) => {
        const s = sigmoid(x);
        const back = logit(s);
        if (s === 1) {
          expect(back).toBe(Infinity);
        } else if (s === 0) {
          expect(back).toBe(-Infinity);
        } else {
          const bound = (2 * ulpOfDouble(s)) / (s * (1 - s)) + 2 * ulpOfDouble(x) + 2 * ulpOfDouble(back);
          expect(Math.abs(back - x)).toBeLessThanOrEqual(bound * (1 + 1e-12));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("sigmoid(logit(p)) = p within |Δp| ≤ 2·ulp(y)·p(1−p) + 2·ulp(p)", () => {
    fc.assert(
      fc.property(probability, (p) => {
        const y = logit(p);
        const back = sigmoid(y);
        const bound = Number.isFinite(y) ? 2 * ulpOfDouble(y) * p * (1 - p) + 2 * ulpOfDouble(p) : 0;
        expect(Math.abs(back - p)).toBeLessThanOrEqual(bound * (1 + 1e-12));
      }),
      { numRuns: RUNS },
    );
  });
});

elementwiseArrayContract("sigmoid", sigmoid, [-800, -40, -1, -0, 0, 1e-300, 0.5, 3, 40, Infinity, -Infinity, NaN]);

/** The next double above x (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const u = new BigInt64Array(f.buffer);
  u[0] = u[0]! + (x > 0 ? 1n : -1n);
  return f[0]!;
}
