import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { softplus } from "../src/softplus.js";
import { ELEMENTWISE_MAX_ULP, FAITHFUL_ULP } from "./helpers/accuracy.js";
import { RUNS, anyDouble, finiteDouble, realInput } from "./helpers/arbitraries.js";
import { elementwiseArrayContract, monotone, oracleAccuracy, regressions, WIDE_SWEEP } from "./helpers/elementwise.js";
import { goldenScalarSuite } from "./helpers/golden.js";
import { exactSoftplus } from "./helpers/oracle.js";
import { ulpOfDouble } from "./helpers/ulp.js";

goldenScalarSuite("softplus", "x", softplus, FAITHFUL_ULP);

describe("softplus: special values", () => {
  it("follows SPEC §3", () => {
    expect(softplus(Infinity)).toBe(Infinity);
    expect(softplus(-Infinity)).toBe(0);
    expect(softplus(NaN)).toBeNaN();
    expect(softplus(0)).toBe(Math.LN2);
    expect(softplus(-0)).toBe(Math.LN2);
  });

  it("has no threshold: x + e^-x beyond 20 and e^x below -37, down to subnormals", () => {
    // PyTorch's threshold of 20 returns 20 here; the exact value is 20 + 2.06e-9.
    expect(softplus(20)).toBe(20.000000002061153);
    expect(softplus(37)).toBe(37);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(Number.MAX_VALUE)).toBe(Number.MAX_VALUE);
    expect(softplus(-50)).toBe(1.9287498479639178e-22);
    expect(softplus(-740)).toBe(4.2e-322);
    expect(softplus(-746)).toBe(0);
  });
});

oracleAccuracy("softplus", softplus, exactSoftplus, realInput, WIDE_SWEEP, FAITHFUL_ULP);

describe("softplus: inputs once off by more than the bound", () => {
  regressions("softplus", softplus, exactSoftplus, FAITHFUL_ULP, [[-3.4648688647410175, 1.44], [-2.7571612925624134, 1.38], [0.35241325480468705, 1.06]]);
});

describe("softplus: laws", () => {
  it("is ≥ 0, ≥ x, and NaN only for NaN", () => {
    fc.assert(
      fc.property(anyDouble, (x) => {
        const y = softplus(x);
        if (Number.isNaN(x)) expect(y).toBeNaN();
        else expect(y >= 0 && y >= x).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  monotone("softplus", softplus, realInput);

  it("softplus(x) - softplus(-x) = x within the two results' errors and the subtraction's rounding", () => {
    fc.assert(
      fc.property(finiteDouble, (x) => {
        const a = softplus(x);
        const b = softplus(-x);
        fc.pre(Number.isFinite(a) && Number.isFinite(b));
        const bound = ELEMENTWISE_MAX_ULP * (ulpOfDouble(a) + ulpOfDouble(b)) + ulpOfDouble(x) / 2;
        expect(Math.abs(a - b - x)).toBeLessThanOrEqual(bound);
      }),
      { numRuns: RUNS },
    );
  });
});

elementwiseArrayContract("softplus", softplus, [-800, -40, -1, -0, 0, 1e-300, 0.5, 3, 40, 1e300, Infinity, -Infinity, NaN]);
