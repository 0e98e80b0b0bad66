import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SHORT_MAX } from "../src/internal/shortRows.js";
import { softmaxCrossEntropyWithLogits as dense } from "../src/softmaxCrossEntropyWithLogits.js";
import { AXIS_MAX_ULP } from "./helpers/accuracy.js";
import { RUNS, logitRow } from "./helpers/arbitraries.js";
import { ROW_RUNS, moveAxisLast, pairRow, rowColumns, shortRow } from "./helpers/axis.js";
import { goldenByCategory, goldenCaseSuite, rowInput, type GoldenCase } from "./helpers/golden.js";
import { exactSoftmaxCrossEntropy, exactSoftmaxCrossEntropyGradient } from "./helpers/oracle.js";
import { D, exactDecimal, ulpError, ulpOfDouble } from "./helpers/ulp.js";
import type { SoftmaxCrossEntropyOptions } from "../src/types.js";

goldenCaseSuite(
  "softmaxCE",
  (c) => [dense({ logits: rowInput(c, "logits"), labels: rowInput(c, "labels"), reduction: "sum" })],
  AXIS_MAX_ULP,
);

function goldenGradient(c: GoldenCase): Float64Array {
  const logits = rowInput(c, "logits");
  const grad = new Float64Array(logits.length);
  dense({ logits, labels: rowInput(c, "labels"), reduction: "sum", grad });
  return grad;
}

/** Soft labels: p Σz − z cancels where the prediction matches the labels (the conditioning of the gradient itself). */
const SOFT = new Set(["soft labels", "smoothed"]);
goldenCaseSuite("softmaxCEGrad", goldenGradient, AXIS_MAX_ULP, (cat) => !SOFT.has(cat));

describe("softmaxCEGrad: golden cases with soft labels", () => {
  for (const [cat, cases] of goldenByCategory("softmaxCEGrad")) {
    if (!SOFT.has(cat)) continue;
    it(`${cat}: every output within 4 ULP of the larger of p Σz and z (the absolute bound)`, () => {
      for (const c of cases) {
        const grad = goldenGradient(c);
        const labels = rowInput(c, "labels");
        c.ref.forEach((ref, i) => {
          if (!("exact" in ref)) throw new Error("soft golden gradients are finite");
          const exact = new D(ref.exact);
          const scale = Math.max(Math.abs(exact.plus(labels[i]!).toNumber()), labels[i]!);
          expect(exactDecimal(grad[i]!).minus(exact).abs().toNumber()).toBeLessThanOrEqual(AXIS_MAX_ULP * ulpOfDouble(scale));
        });
      }
    });
  }
});

describe("softmaxCrossEntropyWithLogits: accuracy", () => {
  /** A finite-max row with labels in [0, 1] (soft, some zero). */
  const softRow = logitRow
    .filter((row) => row.some((v) => v > -Infinity))
    .chain((row) =>
      fc.record({
        row: fc.constant(row),
        labels: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: row.length, maxLength: row.length }),
      }),
    );

  it("the loss with soft labels is within 4 ULP of −Σ z log p (80-digit oracle)", () => {
    fc.assert(
      fc.property(softRow, ({ row, labels }) => {
        const loss = dense({ logits: row, labels, reduction: "sum" });
        if (labels.some((z, i) => z > 0 && row[i] === -Infinity)) expect(loss).toBe(Infinity);
        else expect(ulpError(loss, exactSoftmaxCrossEntropy(row, labels.map(exactDecimal)))).toBeLessThanOrEqual(AXIS_MAX_ULP);
      }),
      { numRuns: ROW_RUNS },
    );
  });

  it("the gradient with soft labels is within 4 ULP of the larger of p Σz and z (the absolute bound)", () => {
    fc.assert(
      fc.property(softRow, ({ row, labels }) => {
        const grad = new Float64Array(row.length);
        dense({ logits: row, labels, reduction: "sum", grad });
        const exact = exactSoftmaxCrossEntropyGradient(row, labels.map(exactDecimal));
        const total = labels.reduce((s, z) => s + z, 0);
        exact.forEach((g, i) => {
          const scale = Math.max(Math.abs(g.toNumber()), labels[i]!, total * Math.abs(g.plus(labels[i]!).toNumber() / (total || 1)));
          const error = exactDecimal(grad[i]!).minus(g).abs().toNumber();
          expect(error).toBeLessThanOrEqual(AXIS_MAX_ULP * 2 ** -52 * scale + Number.MIN_VALUE);
        });
      }),
      { numRuns: ROW_RUNS },
    );
  });
});

describe("softmaxCrossEntropyWithLogits: laws", () => {
  it("−Σ z log p equals Σ z · (logSumExp − x) for labels summing to 1: mean, sum and none agree", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.infiniteStream(fc.double({ min: -20, max: 20, noNaN: true })),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (rows, classes, xs, zs) => {
          const logits = Array.from(xs.take(rows * classes));
          const labels = Array.from(zs.take(rows * classes));
          const losses = dense({ logits, labels, shape: [rows, classes] });
          const sum = losses.reduce((a, b) => a + b, 0);
          const total = dense({ logits, labels, shape: [rows, classes], reduction: "sum" });
          expect(Math.abs(total - sum)).toBeLessThanOrEqual(rows * 2 ** -52 * sum);
          expect(dense({ logits, labels, shape: [rows, classes], reduction: "mean" })).toBe(total / rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the gradient matches central differences, and p Σz − z exactly for labels summing to 1", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 4, maxLength: 4 }), fc.nat({ max: 3 }), (logits, hot) => {
        const labels = [0.1, 0.2, 0.3, 0.4].map((z, i) => (i === hot ? z + 0.5 : z));
        const grad = new Float64Array(4);
        dense({ logits, labels, reduction: "sum", grad });
        for (let i = 0; i < 4; i++) {
          const up = [...logits];
          const down = [...logits];
          up[i]! += 1e-5;
          down[i]! -= 1e-5;
          const fd = (dense({ logits: up, labels, reduction: "sum" }) - dense({ logits: down, labels, reduction: "sum" })) / (up[i]! - down[i]!);
          expect(Math.abs(fd - grad[i]!)).toBeLessThanOrEqual(1e-6);
        }
        const exact = exactSoftmaxCrossEntropyGradient(logits, labels.map(exactDecimal));
        exact.forEach((g, i) => expect(Math.abs(g.toNumber() - grad[i]!)).toBeLessThanOrEqual(4 * 2 ** -52));
      }),
      { numRuns: 300 },
    );
  });

  /** The losses and gradient along axis 1 of a rank-3 array equal those of the array (and labels) with that axis moved last, bit for bit. */
  function expectAxis1AsLast(data: number[], labels: number[], shape: readonly number[], extra: Partial<SoftmaxCrossEntropyOptions>): void {
    const grad = new Float64Array(data.length);
    const losses = dense({ logits: data, labels, shape, axis: 1, grad, ...extra });
    const moved = moveAxisLast(data, shape, 1);
    const movedLabels = moveAxisLast(labels, shape, 1);
    const gradLast = new Float64Array(data.length);
    expect(losses).toEqual(dense({ logits: moved.data, labels: movedLabels.data, shape: moved.shape, grad: gradLast, ...extra }));
    expect(moveAxisLast([...grad], shape, 1).data).toEqual(gradLast);
  }

  it("gives the same losses and gradient along any axis as along the last axis of the transposed array, bit for bit", () => {
    const arrays = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
      .chain(([a, b, c]) =>
        fc.record({
          shape: fc.constant([a, b, c]),
          data: fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: a * b * c, maxLength: a * b * c }),
          labels: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: a * b * c, maxLength: a * b * c }),
        }),
      );
    fc.assert(
      fc.property(arrays, ({ shape, data, labels }) =>
        expectAxis1AsLast(data, labels, shape, { labelSmoothing: 0.1, weights: [1, 2, 3, 4].slice(0, shape[1]) }),
      ),
      { numRuns: 200 },
    );
  });

  it("16 to 40 classes along axis 1 (the gradient's kernel, the labels gathered beside the terms), with or without smoothing: bit for bit", () => {
    const arrays = fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 16, max: 40 }), fc.integer({ min: 2, max: 5 }), fc.boolean())
      .chain(([a, b, c, smooth]) =>
        fc.record({
          shape: fc.constant([a, b, c]),
          smooth: fc.constant(smooth),
          data: fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: a * b * c, maxLength: a * b * c }),
          labels: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: a * b * c, maxLength: a * b * c }),
        }),
      );
    fc.assert(
      fc.property(arrays, ({ shape, smooth, data, labels }) => expectAxis1AsLast(data, labels, shape, smooth ? { labelSmoothing: 0.1 } : {})),
      { numRuns: 100 },
    );
  });
});

describe("softmaxCrossEntropyWithLogits: special values and errors", () => {
  it("takes the limits of infinite logits; a zero label ignores its logit", () => {
    const grad = new Float64Array(3);
    expect(dense({ logits: [Infinity, 0, -Infinity], labels: [1, 0, 0], reduction: "sum", grad })).toBe(0);
    expect(grad).toEqual(Float64Array.of(0, 0, 0));
    expect(dense({ logits: [Infinity, 1, 0], labels: [0.5, 0.5, 0], reduction: "sum" })).toBe(Infinity);
    expect(dense({ logits: [-Infinity, 0], labels: [0, 1], reduction: "sum" })).toBe(0);
    expect(dense({ logits: [-Infinity, 0], labels: [0.5, 0.5], reduction: "sum" })).toBe(Infinity);
    expect(dense({ logits: [1, 0], labels: [NaN, 1], reduction: "sum" })).toBeNaN();
    expect(dense({ logits: [-Infinity, -Infinity], labels: [0, 1], reduction: "sum" })).toBeNaN();
    expect(dense({ logits: [], labels: [], shape: [1, 0] })).toEqual(Float64Array.of(NaN));
  });

  it("rejects mismatched labels, bad weights, smoothing and buffers, writing nothing", () => {
    const out = new Float64Array(2).fill(7);
    const grad = new Float64Array(4).fill(7);
    const base = { logits: [0, 1, 2, 3], labels: [1, 0, 0, 1], shape: [2, 2], out, grad };
    const bad: [object, RegExp][] = [
      [{ labels: [1, 0, 0] }, /labels has length 3 but logits has length 4/],
      [{ weights: [1, 2, 3] }, /weights has length 3 but the number of classes is 2/],
      [{ weights: [1, NaN] }, /weights\[1\] must be non-negative and finite; got NaN/],
      [{ labelSmoothing: -0.1 }, /labelSmoothing must be in \[0, 1\]; got -0.1/],
      [{ axis: 2 }, /axis 2 is out of range/],
      [{ grad: new Float64Array(2) }, /grad has length 2 but logits has length 4/],
    ];
    for (const [options, message] of bad) expect(() => dense({ ...base, ...options } as never)).toThrow(message);
    expect(out).toEqual(new Float64Array(2).fill(7));
    expect(grad).toEqual(new Float64Array(4).fill(7));
    const labels = Float64Array.of(1, 0, 0, 1);
    expect(() => dense({ logits: [0, 1, 2, 3], labels, shape: [2, 2], grad: labels })).toThrow(/grad must not share memory/);
  });
});

describe("softmaxCrossEntropyWithLogits: found by the hardening fuzz", () => {
  it("[NaN, 0] with labels [0, 0]: NaN, not 0 (a NaN logit reaches the loss even where every label is 0)", () => {
    expect(dense({ logits: [NaN, 0], labels: [0, 0] })[0]).toBeNaN();
    expect(dense({ logits: [0, NaN, 1], labels: [1, 0, 0] })[0]).toBeNaN();
  });

  it("[Infinity, 0] with labels [0, NaN] and weights [1, 0]: 0, as for finite logits (a class of weight 0 is left out)", () => {
    // The infinite-logit path gave NaN (0 · NaN); the finite path gave 0.
    expect(dense({ logits: [Infinity, 0], labels: [0, NaN], weights: [1, 0] })[0]).toBe(0);
    expect(dense({ logits: [5, 0], labels: [0, NaN], weights: [1, 0] })[0]).toBe(0);
    expect(dense({ logits: [Infinity, 0], labels: [1, NaN], weights: [1, 0] })[0]).toBe(0);
  });
});

describe("softmaxCrossEntropyWithLogits: enormous weights on a confident row", () => {
  it.each([
    [[800, 0], [1, 0], [1e300, 1]],
    [[720, 0, 0, 0], [1, 0, 0, 0], [1e20, 1, 1, 1]],
  ])("%j, labels %j, weights %j: loss and gradient within 4 ULP where rest is subnormal or underflows", (row, labels, weights) => {
    const grad = new Float64Array(row.length);
    const loss = dense({ logits: row, labels, weights, reduction: "sum", grad });
    const a = labels.map((z, c) => exactDecimal(z).times(exactDecimal(weights[c]!)));
    expect(ulpError(loss, exactSoftmaxCrossEntropy(row, a))).toBeLessThanOrEqual(AXIS_MAX_ULP);
    exactSoftmaxCrossEntropyGradient(row, a).forEach((g, i) => expect(ulpError(grad[i]!, g)).toBeLessThanOrEqual(AXIS_MAX_ULP));
  });
});

/** Labels of a row of n: one-hot, soft (summing to 1), any values in [0, 1], or one class 0 and the rest soft. */
function rowLabels(n: number): fc.Arbitrary<number[]> {
  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  return fc.oneof(
    fc.nat(n - 1).map((y) => Array.from({ length: n }, (_, c) => (c === y ? 1 : 0))),
    fc.array(unit, { minLength: n, maxLength: n }).map((w) => {
      const sum = w.reduce((a, b) => a + b, 0);
      return sum > 0 ? w.map((v) => v / sum) : w;
    }),
    fc.array(unit, { minLength: n, maxLength: n }),
    fc.tuple(fc.array(unit, { minLength: n, maxLength: n }), fc.nat(n - 1)).map(([w, zero]) => w.map((v, c) => (c === zero ? 0 : v))),
  );
}

for (let n = 2; n <= SHORT_MAX + 1; n++) {
  describe(`softmaxCrossEntropyWithLogits: rows of ${n}`, () => {
    it("give the general path's bits (the same rows along axis 0): losses, sums and gradients, with weights, smoothing and special values", () => {
      const row: fc.Arbitrary<readonly number[]> = n === 2 ? pairRow : shortRow(n);
      const weights = fc.option(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 10, noNaN: true })), { minLength: n, maxLength: n }), { nil: undefined });
      fc.assert(
        fc.property(
          fc.array(fc.tuple(row, rowLabels(n)), { minLength: 1, maxLength: 30 }),
          fc.constantFrom("none", "sum", "mean"),
          fc.constantFrom(0, 0.1),
          weights,
          fc.boolean(),
          (drawn, reduction, labelSmoothing, w, withGrad) => {
            const rows = drawn.length;
            const logits = Float64Array.from(drawn.flatMap(([x]) => x));
            const labels = Float64Array.from(drawn.flatMap(([, z]) => z));
            const options = { reduction, labelSmoothing, ...(w === undefined ? {} : { weights: w }) };
            const grad = withGrad ? new Float64Array(n * rows) : undefined;
            const loss = dense({ logits, labels, shape: [rows, n], grad, ...options });
            const columnGrad = withGrad ? new Float64Array(n * rows) : undefined;
            const columns = (arrays: (readonly number[])[]) => rowColumns(arrays, n);
            const general = dense({
              logits: columns(drawn.map(([x]) => x)),
              labels: columns(drawn.map(([, z]) => z)),
              shape: [n, rows],
              axis: 0,
              grad: columnGrad,
              ...options,
            });
            expect(typeof loss === "number" ? [loss] : [...loss]).toEqual(typeof general === "number" ? [general] : [...general]);
            if (grad !== undefined) expect([...grad]).toEqual([...moveAxisLast([...columnGrad!], [n, rows], 0).data]);
          },
        ),
        { numRuns: n <= 3 ? RUNS : Math.round(RUNS / 4) },
      );
    });
  });
}
