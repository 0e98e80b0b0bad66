import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logSoftmax } from "../src/logSoftmax.js";
import { softmax } from "../src/softmax.js";
import { AXIS_MAX_ULP } from "./helpers/accuracy.js";
import { RUNS, logitRow } from "./helpers/arbitraries.js";
import { ROW_RUNS, anyAxisMatchesLast, pairsMatchGeneral, rowOracle, sameLengthAxisContract, temperatureContract } from "./helpers/axis.js";
import { goldenCaseSuite, goldenRowSuite, rowInput } from "./helpers/golden.js";
import { exactSoftmax } from "./helpers/oracle.js";
import { D, exactDecimal, ulpError, ulpOfDouble } from "./helpers/ulp.js";

goldenRowSuite("softmax", (row) => softmax(row), AXIS_MAX_ULP);
// With exp's tail in the terms (expSum.ts, restSum): the "normal" category's
// case of 1000 logits was 2.2 ULP off at its element 564, "dominant" 1.7.
goldenCaseSuite("softmax", (c) => softmax(rowInput(c, "x")), 1.5, (category) => category === "normal" || category === "dominant");

describe("softmax: special values", () => {
  it("follows SPEC §3 per slice", () => {
    expect(softmax([NaN, 1, 2])).toEqual(Float64Array.of(NaN, NaN, NaN));
    expect(softmax([Infinity, 1, Infinity, -Infinity])).toEqual(Float64Array.of(0.5, 0, 0.5, 0));
    expect(softmax([Infinity, NaN])).toEqual(Float64Array.of(NaN, NaN));
    expect(softmax([-Infinity, -Infinity])).toEqual(Float64Array.of(NaN, NaN));
    expect(softmax([-Infinity, NaN])).toEqual(Float64Array.of(NaN, NaN));
    expect(softmax([-Infinity, 3])).toEqual(Float64Array.of(0, 1));
    expect(softmax([])).toEqual(new Float64Array(0));
    expect(softmax([-1e308, 1e308])).toEqual(Float64Array.of(0, 1));
    expect(softmax([7])).toEqual(Float64Array.of(1));
  });

  it("treats each slice on its own", () => {
    const y = softmax(Float64Array.of(NaN, 0, Infinity, 0, 1, 1), { shape: [3, 2] });
    expect(y).toEqual(Float64Array.of(NaN, NaN, 1, 0, 0.5, 0.5));
  });

  it("[0, 40] and [0, 745]: the unlikely class keeps its digits, down to the subnormal range", () => {
    expect(softmax([0, 40])).toEqual(Float64Array.of(4.248354255291589e-18, 1));
    expect(softmax([0, 745])[0]).toBe(5e-324);
  });
});

describe("softmax: accuracy", () => {
  rowOracle((row) => softmax(row), exactSoftmax);

  it("sums to 1 within 4 ULP (the outputs summed exactly)", () => {
    fc.assert(
      fc.property(logitRow, (row) => {
        let total = new D(0);
        for (const p of softmax(row)) total = total.plus(exactDecimal(p));
        expect(ulpError(1, total)).toBeLessThanOrEqual(AXIS_MAX_ULP);
      }),
      { numRuns: ROW_RUNS },
    );
  });

  it("is within 4 ULP on a row of 10^6 elements (the error does not grow with n)", () => {
    // Six distinct values in a shuffled row of 10^6: the exact sum is a short
    // decimal expression, and a naive sum of these terms drifts by thousands of ULP.
    const values = [0, -0.1, -1.7, -3.3, -30.25, -700.5];
    const n = 1_000_000;
    const x = new Float64Array(n);
    const counts = values.map(() => 0);
    let seed = 12345;
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const k = i === 0 ? 0 : seed % values.length;
      x[i] = values[k]!;
      counts[k]!++;
    }
    const terms = values.map((v) => exactDecimal(v).exp());
    const total = terms.reduce((s, t, k) => s.plus(t.times(counts[k]!)), new D(0));
    const expected = terms.map((t) => t.div(total));
    const worst = new Map<number, number>();
    const y = softmax(x);
    for (let i = 0; i < n; i++) {
      const k = values.indexOf(x[i]!);
      if (!worst.has(y[i]!)) worst.set(y[i]!, ulpError(y[i]!, expected[k]!));
    }
    expect(Math.max(...worst.values())).toBeLessThanOrEqual(AXIS_MAX_ULP);
    // Equal inputs give equal outputs: one distinct result per distinct value.
    expect(worst.size).toBe(values.length);
  });
});

describe("softmax: laws", () => {
  it("is in [0, 1] for finite rows", () => {
    fc.assert(
      fc.property(logitRow, (row) => {
        for (const p of softmax(row)) expect(p >= 0 && p <= 1).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("is shift-invariant, bit for bit, when x + c is exact", () => {
    const exactRow = fc.array(fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(exactRow, fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), (ints, c) => {
        const row = ints.map((k) => k / 1024);
        const shifted = row.map((v) => v + c);
        expect(Array.from(softmax(shifted))).toEqual(Array.from(softmax(row)));
      }),
      { numRuns: RUNS },
    );
  });

  it("is permutation-equivariant (to within the 4 ULP of each side)", () => {
    fc.assert(
      fc.property(logitRow, fc.nat(), (row, seed) => {
        const order = row.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 97) - ((b * 7919 + seed) % 97));
        const y = softmax(row);
        const z = softmax(order.map((i) => row[i]!));
        order.forEach((from, to) => {
          expect(Math.abs(z[to]! - y[from]!)).toBeLessThanOrEqual(2 * AXIS_MAX_ULP * ulpOfDouble(y[from]!));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("exp(logSoftmax(x)) = softmax(x) within the errors of both and of exp", () => {
    fc.assert(
      fc.property(logitRow, (row) => {
        const p = softmax(row);
        const l = logSoftmax(row);
        p.forEach((pi, i) => {
          const li = l[i]!;
          if (li === -Infinity) {
            expect(pi).toBe(0);
            return;
          }
          // exp turns the 4 ULP of l into a relative error of 4·ulp(l), plus its own rounding.
          const bound = pi * (AXIS_MAX_ULP * ulpOfDouble(li) + 2 ** -52) + AXIS_MAX_ULP * ulpOfDouble(pi) + 2 ** -1074;
          expect(Math.abs(Math.exp(li) - pi)).toBeLessThanOrEqual(bound * 1.001);
        });
      }),
      { numRuns: RUNS },
    );
  });
});

anyAxisMatchesLast("softmax", (x, shape, axis) => softmax(x, { shape, axis }), true);
// Along another axis the slices are gathered into the kernels' memory, at a temperature too.
anyAxisMatchesLast("softmax at T = 0.7", (x, shape, axis) => softmax(x, { shape, axis, temperature: 0.7 }), true);
pairsMatchGeneral("softmax", (x, shape, axis) => softmax(x, { shape, axis }), true);
sameLengthAxisContract("softmax", softmax);
temperatureContract("softmax", softmax, exactSoftmax);
