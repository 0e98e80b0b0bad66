import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logSigmoid } from "../src/logSigmoid.js";
import { sigmoid } from "../src/sigmoid.js";
import { softplus } from "../src/softplus.js";
import { ELEMENTWISE_MAX_ULP, FAITHFUL_ULP } from "./helpers/accuracy.js";
import { RUNS, anyDouble, realInput } from "./helpers/arbitraries.js";
import { elementwiseArrayContract, monotone, oracleAccuracy, regressions, WIDE_SWEEP } from "./helpers/elementwise.js";
import { goldenScalarSuite } from "./helpers/golden.js";
import { exactLogSigmoid } from "./helpers/oracle.js";
import { ulpOfDouble } from "./helpers/ulp.js";

goldenScalarSuite("logSigmoid", "x", logSigmoid, FAITHFUL_ULP);

describe("logSigmoid: special values", () => {
  it("follows SPEC §3", () => {
    expect(logSigmoid(-Infinity)).toBe(-Infinity);
    expect(logSigmoid(Infinity) === 0).toBe(true); // −0, equal to 0 (as SciPy's log_expit)
    expect(Object.is(logSigmoid(Infinity), -0)).toBe(true);
    expect(logSigmoid(NaN)).toBeNaN();
    expect(logSigmoid(0)).toBe(-Math.LN2);
  });

  it("keeps both tails where log(sigmoid(x)) gives -Infinity or 0", () => {
    expect(logSigmoid(-800)).toBe(-800);
    expect(logSigmoid(-1e300)).toBe(-1e300);
    expect(logSigmoid(50)).toBe(-1.9287498479639178e-22);
    expect(logSigmoid(740)).toBe(-4.2e-322);
  });
});

oracleAccuracy("logSigmoid", logSigmoid, exactLogSigmoid, realInput, WIDE_SWEEP, FAITHFUL_ULP);

describe("logSigmoid: inputs once off by more than the bound", () => {
  regressions("logSigmoid", logSigmoid, exactLogSigmoid, FAITHFUL_ULP, [[3.4648688647410175, 1.44], [-0.35241325480468705, 1.06]]);
});

describe("logSigmoid: laws", () => {
  it("logSigmoid(x) = -softplus(-x), bit for bit", () => {
    fc.assert(
      fc.property(anyDouble, (x) => {
        expect(Object.is(logSigmoid(x), -softplus(-x))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  monotone("logSigmoid", logSigmoid, realInput);

  it("is ≤ 0 and NaN only for NaN", () => {
    fc.assert(
      fc.property(anyDouble, (x) => {
        const y = logSigmoid(x);
        if (Number.isNaN(x)) expect(y).toBeNaN();
        else expect(y <= 0).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("equals log(sigmoid(x)) where sigmoid is in [0.5, 1) (log is well conditioned there)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 36, noNaN: true }), (x) => {
        const s = sigmoid(x);
        // log amplifies σ's relative error of 2 ULP into an absolute one of ~2·2^-52.
        const bound = 2 * ELEMENTWISE_MAX_ULP * 2 ** -52 + 2 * ulpOfDouble(logSigmoid(x));
        expect(Math.abs(logSigmoid(x) - Math.log(s))).toBeLessThanOrEqual(bound);
      }),
      { numRuns: RUNS },
    );
  });
});

elementwiseArrayContract("logSigmoid", logSigmoid, [-800, -40, -1, -0, 0, 1e-300, 0.5, 3, 40, 1e300, Infinity, -Infinity, NaN]);
