import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sigmoidCrossEntropyWithLogits as bce } from "../src/sigmoidCrossEntropyWithLogits.js";
import { softplus } from "../src/softplus.js";
import { AXIS_MAX_ULP } from "./helpers/accuracy.js";
import { setKernelPath } from "../src/internal/wasm.js";
import { RUNS, realInput, spread } from "./helpers/arbitraries.js";
import { goldenByCategory, goldenCaseSuite, scalarInput } from "./helpers/golden.js";
import { exactSigmoidCrossEntropy, exactSigmoidCrossEntropyGradient } from "./helpers/oracle.js";
import { D, exactDecimal, ulpError, ulpOfDouble } from "./helpers/ulp.js";

const one = (x: number, z: number, posWeight?: number) => bce({ logits: [x], labels: [z], posWeight, reduction: "sum" });
const gradOf = (x: number, z: number, posWeight?: number) => {
  const grad = new Float64Array(1);
  bce({ logits: [x], labels: [z], posWeight, reduction: "sum", grad });
  return grad[0]!;
};

goldenCaseSuite("sigmoidCE", (c) => [one(scalarInput(c, "x"), scalarInput(c, "z"))], AXIS_MAX_ULP);
goldenCaseSuite("sigmoidCEGrad", (c) => [gradOf(scalarInput(c, "x"), scalarInput(c, "z"))], AXIS_MAX_ULP, (cat) => cat === "hard labels");

describe("sigmoidCEGrad: golden cases with soft labels", () => {
  it("soft z uniform: every gradient within 4 ULP of the larger of σ(x) and z (σ(x) − z cancels where they meet)", () => {
    const cases = goldenByCategory("sigmoidCEGrad").get("soft z uniform") ?? [];
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const x = scalarInput(c, "x");
      const z = scalarInput(c, "z");
      const ref = c.ref[0]!;
      if (!("exact" in ref)) throw new Error("soft golden gradients are finite");
      const exact = new D(ref.exact);
      const scale = Math.max(Math.abs(exact.plus(z).toNumber()), z);
      expect(exactDecimal(gradOf(x, z)).minus(exact).abs().toNumber()).toBeLessThanOrEqual(AXIS_MAX_ULP * ulpOfDouble(scale));
    }
  });
});

const label = fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1 - 2 ** -20, max: 1, noNaN: true }));
const finiteLogit = fc.double({ min: -1e300, max: 1e300, noNaN: true });

describe("sigmoidCrossEntropyWithLogits: accuracy", () => {
  it("the loss is within 4 ULP of w z softplus(−x) + (1 − z) softplus(x) for labels in [0, 1] (80-digit oracle)", () => {
    fc.assert(
      fc.property(finiteLogit, label, fc.oneof(fc.constant(1), fc.double({ min: 0, max: 100, noNaN: true })), (x, z, w) => {
        expect(ulpError(one(x, z, w), exactSigmoidCrossEntropy(x, z, w))).toBeLessThanOrEqual(AXIS_MAX_ULP);
      }),
      { numRuns: RUNS },
    );
  });

  it("the gradient is within 4 ULP for hard labels: σ(x) for z = 0, −w σ(−x) for z = 1", () => {
    fc.assert(
      fc.property(realInput, fc.constantFrom(0, 1), fc.oneof(fc.constant(1), fc.double({ min: 0, max: 100, noNaN: true })), (x, z, w) => {
        fc.pre(Number.isFinite(x));
        expect(ulpError(gradOf(x, z, w), exactSigmoidCrossEntropyGradient(x, z, w))).toBeLessThanOrEqual(AXIS_MAX_ULP);
      }),
      { numRuns: RUNS },
    );
  });

  it("z = 1 − 2^-40, x = 30.1: 2.746e-11 to 4 ULP, where TensorFlow's max(x, 0) − x z + log1p(e^−|x|) cancels", () => {
    const z = 1 - 2 ** -40;
    const exact = exactSigmoidCrossEntropy(30.1, z);
    expect(ulpError(one(30.1, z), exact)).toBeLessThanOrEqual(AXIS_MAX_ULP);
    const tensorflow = Math.max(30.1, 0) - 30.1 * z + Math.log1p(Math.exp(-30.1));
    expect(ulpError(tensorflow, exact)).toBeGreaterThan(1000);
  });
});

describe("sigmoidCrossEntropyWithLogits: laws", () => {
  it("with hard labels is softplus(−x) (z = 1) or softplus(x) (z = 0), within 2 ULP", () => {
    // The same exp and formula; the loss takes V8's log1p and softplus our own,
    // each within 1 ULP of log1p(e), so the two differ by at most their sum.
    fc.assert(
      fc.property(realInput, (x) => {
        const loss = [one(x, 1), one(x, 0)];
        const expected = [softplus(-x), softplus(x)];
        loss.forEach((l, i) => {
          const e = expected[i]!;
          if (!Number.isFinite(e)) expect(l).toBe(e);
          else expect(Math.abs(l - e), `x = ${x}`).toBeLessThanOrEqual(2 * ulpOfDouble(e));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("the gradient is the derivative: central differences, and σ(x) − z", () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), label, fc.double({ min: 0.5, max: 3, noNaN: true }), (x, z, w) => {
        const h = 1e-5;
        const fd = (one(x + h, z, w) - one(x - h, z, w)) / (x + h - (x - h));
        expect(Math.abs(fd - gradOf(x, z, w))).toBeLessThanOrEqual(1e-6 * Math.max(1, w));
        expect(Math.abs(gradOf(x, z) - (1 / (1 + Math.exp(-x)) - z))).toBeLessThanOrEqual(4 * 2 ** -52);
      }),
      { numRuns: RUNS },
    );
  });

  it("reductions: sum and mean of the elementwise losses; the mean's gradient divided by the count", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -30, max: 30, noNaN: true }), label), { minLength: 1, maxLength: 20 }), (pairs) => {
        const logits = pairs.map(([x]) => x);
        const labels = pairs.map(([, z]) => z);
        const losses = bce({ logits, labels });
        losses.forEach((l, i) => expect(l).toBe(one(logits[i]!, labels[i]!)));
        const sum = losses.reduce((a, b) => a + b, 0);
        const total = bce({ logits, labels, reduction: "sum" });
        expect(Math.abs(total - sum)).toBeLessThanOrEqual(pairs.length * 2 ** -52 * sum);
        const gSum = new Float64Array(pairs.length);
        const gMean = new Float64Array(pairs.length);
        bce({ logits, labels, reduction: "sum", grad: gSum });
        expect(bce({ logits, labels, reduction: "mean", grad: gMean })).toBe(total / pairs.length);
        gMean.forEach((g, i) => expect(g).toBe(gSum[i]! / pairs.length));
      }),
      { numRuns: 500 },
    );
  });

  it("posWeight per class follows the class axis", () => {
    const logits = [0, 1, 2, 3, 4, 5];
    const labels = [1, 1, 0, 1, 0.5, 1];
    const perClass = bce({ logits, labels, shape: [2, 3], posWeight: [1, 2, 3] });
    logits.forEach((x, i) => expect(perClass[i]).toBe(one(x, labels[i]!, [1, 2, 3][i % 3])));
    const alongFirst = bce({ logits, labels, shape: [2, 3], axis: 0, posWeight: [2, 5] });
    logits.forEach((x, i) => expect(alongFirst[i]).toBe(one(x, labels[i]!, [2, 5][Math.floor(i / 3)])));
  });
});

describe("sigmoidCrossEntropyWithLogits: special values and errors", () => {
  it("takes the limits at ±∞: 0 for an agreeing label, +∞ otherwise", () => {
    expect(one(Infinity, 1)).toBe(0);
    expect(one(-Infinity, 0)).toBe(0);
    expect(one(-Infinity, 1)).toBe(Infinity);
    expect(one(Infinity, 0)).toBe(Infinity);
    expect(one(Infinity, 0.5)).toBe(Infinity);
    expect(one(NaN, 0.5)).toBeNaN();
    expect(one(1, NaN)).toBeNaN();
    expect(gradOf(Infinity, 1)).toBe(-0);
    expect(gradOf(-Infinity, 1)).toBe(-1);
    expect(gradOf(800, 1)).toBe(-0);
  });

  it("rejects mismatched labels, bad posWeight and buffers, writing nothing", () => {
    const out = new Float64Array(4).fill(7);
    const grad = new Float64Array(4).fill(7);
    const base = { logits: [0, 1, 2, 3], labels: [1, 0, 0, 1], shape: [2, 2], out, grad };
    const bad: [object, RegExp][] = [
      [{ labels: [1, 0] }, /labels has length 2 but logits has length 4/],
      [{ posWeight: -1 }, /posWeight must be non-negative and finite; got -1/],
      [{ posWeight: [1, 2, 3] }, /posWeight has length 3 but the number of classes \(along the axis\) is 2/],
      [{ out: new Float64Array(2) }, /out has length 2 but the number of logits has length 4/],
      [{ reduction: "max" }, /reduction must be 'none', 'sum' or 'mean'/],
    ];
    for (const [options, message] of bad) expect(() => bce({ ...base, ...options } as never)).toThrow(message);
    expect(() => bce({ ...base, posWeight: "2" } as never)).toThrow(TypeError);
    expect(out).toEqual(new Float64Array(4).fill(7));
    expect(grad).toEqual(new Float64Array(4).fill(7));
  });
});

describe("sigmoidCrossEntropyWithLogits: found by the browser run (the spread generators)", () => {
  it("x = 710.3270769119276, z = 1, w = 7.042831064521772: the gradient −w σ(−x) within 4 ULP (it was 4.1: e^(−x) subnormal, its rounding times w)", () => {
    const [x, z, w] = [710.3270769119276, 1, 7.042831064521772];
    expect(ulpError(gradOf(x, z, w), exactSigmoidCrossEntropyGradient(x, z, w))).toBeLessThanOrEqual(AXIS_MAX_ULP);
  });

  it("x in (700, 760), where e^(−x) is subnormal or 0, w up to 100: loss and gradient within 4 ULP on both paths, the same bits (x = 724, w = 99 was 50 ULP off)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(spread(700, 760), fc.oneof(fc.constant(1), spread(0, 100)), fc.oneof(fc.constant(1), spread(0, 1))), { minLength: 1, maxLength: 20 }),
        (rows) => {
          const logits = Float64Array.from(rows.map(([x]) => x));
          const labels = Float64Array.from(rows.map(([, , z]) => z));
          const posWeight = Float64Array.from(rows.map(([, w]) => w));
          const shape = [1, rows.length];
          const results = (["wasm", "js"] as const).map((path) => {
            setKernelPath(path);
            const grad = new Float64Array(rows.length);
            return [...bce({ logits, labels, posWeight, shape, grad }), ...grad];
          });
          setKernelPath("auto");
          expect(results[0]).toEqual(results[1]);
          rows.forEach(([x, w, z], i) => {
            expect(ulpError(results[1]![i]!, exactSigmoidCrossEntropy(x, z, w))).toBeLessThanOrEqual(AXIS_MAX_ULP);
            if (z === 1) expect(ulpError(results[1]![rows.length + i]!, exactSigmoidCrossEntropyGradient(x, z, w))).toBeLessThanOrEqual(AXIS_MAX_ULP);
          });
        },
      ),
      { numRuns: Math.max(100, Math.round(RUNS / 10)) },
    );
  });
});

describe("sigmoidCrossEntropyWithLogits: found by the hardening fuzz", () => {
  it("x = NaN, z = 1, posWeight 0: NaN, not 0 (both coefficients 0 left a NaN logit out)", () => {
    const grad = new Float64Array(1);
    expect(bce({ logits: [NaN], labels: [1], posWeight: 0, grad })[0]).toBeNaN();
    expect(grad[0]).toBeNaN();
    expect(bce({ logits: [Infinity], labels: [1], posWeight: 0 })[0]).toBe(0);
    expect(bce({ logits: [-Infinity], labels: [0] })[0]).toBe(0);
  });
});
