import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logSoftmax } from "../src/logSoftmax.js";
import { logSumExp } from "../src/logSumExp.js";
import { AXIS_MAX_ULP } from "./helpers/accuracy.js";
import { RUNS, logitRow } from "./helpers/arbitraries.js";
import { anyAxisMatchesLast, pairsMatchGeneral, rowOracle, sameLengthAxisContract, temperatureContract } from "./helpers/axis.js";
import { goldenRowSuite } from "./helpers/golden.js";
import { exactLogSoftmax } from "./helpers/oracle.js";
import { ulpError, ulpOfDouble } from "./helpers/ulp.js";

goldenRowSuite("logSoftmax", (row) => logSoftmax(row), AXIS_MAX_ULP);

describe("logSoftmax: special values", () => {
  it("follows SPEC §3 per slice", () => {
    expect(logSoftmax([NaN, 1])).toEqual(Float64Array.of(NaN, NaN));
    expect(logSoftmax([Infinity, 1, Infinity])).toEqual(Float64Array.of(-Math.LN2, -Infinity, -Math.LN2));
    expect(logSoftmax([-Infinity, -Infinity])).toEqual(Float64Array.of(NaN, NaN));
    expect(logSoftmax([-Infinity, 3])).toEqual(Float64Array.of(-Infinity, 0));
    expect(logSoftmax([7])).toEqual(Float64Array.of(0));
    expect(logSoftmax([])).toEqual(new Float64Array(0));
  });

  it("[0, 40]: the confident class is -4.248354255291589e-18, not 0", () => {
    expect(logSoftmax([0, 40])).toEqual(Float64Array.of(-40, -4.248354255291589e-18));
    expect(logSoftmax([0, 700])[1]).toBe(-9.85967654375977e-305);
  });
});

describe("logSoftmax: accuracy", () => {
  rowOracle((row) => logSoftmax(row), exactLogSoftmax);
});

describe("logSoftmax: laws", () => {
  it("is ≤ 0 for finite rows", () => {
    fc.assert(
      fc.property(logitRow, (row) => {
        for (const l of logSoftmax(row)) expect(l <= 0).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("= x − logSumExp(x) within the errors of both, where that subtraction is exact", () => {
    fc.assert(
      fc.property(logitRow, (row) => {
        const lse = logSumExp(row);
        const l = logSoftmax(row);
        row.forEach((v, i) => {
          const r = v - lse;
          if (r - v !== -lse || !Number.isFinite(r)) return; // not exact: skip this element
          const bound = AXIS_MAX_ULP * (ulpOfDouble(lse) + ulpOfDouble(l[i]!));
          expect(Math.abs(l[i]! - r)).toBeLessThanOrEqual(bound);
        });
      }),
      { numRuns: RUNS },
    );
  });
});

anyAxisMatchesLast("logSoftmax", (x, shape, axis) => logSoftmax(x, { shape, axis }), true);
// Along another axis the slices are gathered into the kernels' memory, at a temperature too.
anyAxisMatchesLast("logSoftmax at T = 3", (x, shape, axis) => logSoftmax(x, { shape, axis, temperature: 3 }), true);
pairsMatchGeneral("logSoftmax", (x, shape, axis) => logSoftmax(x, { shape, axis }), true);
sameLengthAxisContract("logSoftmax", logSoftmax);
temperatureContract("logSoftmax", logSoftmax, exactLogSoftmax);

describe("logSoftmax: found by fuzzing", () => {
  it("[708.3964185322642, 0]: a rest just below 2^-1022, summed apart scaled by 2^600", () => {
    const row = [708.3964185322642, 0];
    const y = logSoftmax(row);
    exactLogSoftmax(row).forEach((e, i) => expect(ulpError(y[i]!, e)).toBeLessThanOrEqual(AXIS_MAX_ULP));
  });

  it("[0, -740.3 × 11]: eleven subnormal terms add one rounding, not eleven", () => {
    const row = [0, ...Array.from({ length: 11 }, () => -740.3)];
    expect(ulpError(logSoftmax(row)[0]!, exactLogSoftmax(row)[0]!)).toBeLessThanOrEqual(1);
  });

  it("[-Infinity, 0] at temperature 0.05: no rounding error to recover from −∞", () => {
    expect(logSoftmax([-Infinity, 0], { temperature: 0.05 })).toEqual(Float64Array.of(-Infinity, 0));
  });
});
