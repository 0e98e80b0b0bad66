import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logSoftmax } from "../src/logSoftmax.js";
import { softmax } from "../src/softmax.js";
import { softmaxCrossEntropyWithLogits } from "../src/softmaxCrossEntropyWithLogits.js";
import { SHORT_MAX } from "../src/internal/shortRows.js";
import { sparseSoftmaxCrossEntropyWithLogits as sparse } from "../src/sparseSoftmaxCrossEntropyWithLogits.js";
import { AXIS_MAX_ULP } from "./helpers/accuracy.js";
import { RUNS, logitRow } from "./helpers/arbitraries.js";
import { ROW_RUNS, moveAxisLast, pairRow, rowColumns, shortRow } from "./helpers/axis.js";
import { goldenCaseSuite, rowInput } from "./helpers/golden.js";
import { exactSoftmaxCrossEntropy, exactSoftmaxCrossEntropyGradient } from "./helpers/oracle.js";
import { D, exactDecimal, ulpError, ulpOfDouble, type Dec } from "./helpers/ulp.js";
import type { SparseSoftmaxCrossEntropyOptions } from "../src/types.js";

goldenCaseSuite(
  "sparseSoftmaxCE",
  (c) => [sparse({ logits: rowInput(c, "logits"), labels: [Number(c.in["k"])], reduction: "sum" })],
  AXIS_MAX_ULP,
);

/** The exact coefficients a_c = (1 − ε) w_y [c = y] + (ε / C) w_c, from the double inputs. */
function coefficients(n: number, y: number, eps: number, weights?: readonly number[]): Dec[] {
  const w = (c: number) => exactDecimal(weights?.[c] ?? 1);
  const E = exactDecimal(eps);
  return Array.from({ length: n }, (_, c) => {
    const smooth = E.div(n).times(w(c));
    return c === y ? new D(1).minus(E).times(w(y)).plus(smooth) : smooth;
  });
}

/** A finite-max row, a label in it, and optional weights and smoothing. */
const labelled = logitRow
  .filter((row) => row.some((v) => v > -Infinity))
  .chain((row) =>
    fc.record({
      row: fc.constant(row),
      y: fc.nat({ max: row.length - 1 }),
      weights: fc.option(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: row.length, maxLength: row.length }), { nil: undefined }),
      eps: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
    }),
  );

describe("sparseSoftmaxCrossEntropyWithLogits: accuracy", () => {
  it("the loss is within 4 ULP of −Σ a_c log p_c (80-digit oracle), with weights and smoothing", () => {
    fc.assert(
      fc.property(labelled, ({ row, y, weights, eps }) => {
        const loss = sparse({ logits: row, labels: [y], weights, labelSmoothing: eps, reduction: "sum" });
        const a = coefficients(row.length, y, eps, weights);
        if (a.some((c, i) => !c.isZero() && row[i] === -Infinity)) expect(loss).toBe(Infinity);
        else expect(ulpError(loss, exactSoftmaxCrossEntropy(row, a))).toBeLessThanOrEqual(AXIS_MAX_ULP);
      }),
      { numRuns: ROW_RUNS },
    );
  });

  it("the gradient is within 4 ULP of w_y (p − onehot) for every element, the confident true class included", () => {
    fc.assert(
      fc.property(labelled, ({ row, y, weights }) => {
        const grad = new Float64Array(row.length);
        sparse({ logits: row, labels: [y], weights, reduction: "sum", grad });
        const exact = exactSoftmaxCrossEntropyGradient(row, coefficients(row.length, y, 0, weights));
        const misses = exact.map((g, i) => ({ i, got: grad[i]!, ulps: ulpError(grad[i]!, g) })).filter((m) => !(m.ulps <= AXIS_MAX_ULP));
        expect(misses).toEqual([]);
      }),
      { numRuns: ROW_RUNS },
    );
  });

  it("[680.2, -0.83] with label 0: loss and gradient 1.69e-296, not 0", () => {
    const grad = new Float64Array(2);
    const loss = sparse({ logits: [680.2080794020269, -0.8333402876094836], labels: [0], reduction: "sum", grad });
    expect(loss).toBe(1.6883772095817774e-296);
    expect(grad).toEqual(Float64Array.of(-1.6883772095817774e-296, 1.6883772095817774e-296));
  });
});

for (let n = 2; n <= SHORT_MAX + 1; n++) {
  describe(`sparseSoftmaxCrossEntropyWithLogits: rows of ${n}`, () => {
    it("give the general path's bits (the same rows along axis 0): losses, sums and gradients, with ignored labels and special values, with and without the gradient", () => {
      const row: fc.Arbitrary<readonly number[]> = n === 2 ? pairRow : shortRow(n);
      const labelled = fc.tuple(row, fc.constantFrom(...Array.from({ length: n }, (_, c) => c), -100));
      fc.assert(
        fc.property(fc.array(labelled, { minLength: 1, maxLength: 30 }), fc.constantFrom("none", "sum", "mean"), fc.boolean(), (drawn, reduction, withGrad) => {
          const rows = drawn.length;
          const labels = drawn.map(([, y]) => y);
          const grad = withGrad ? new Float64Array(n * rows) : undefined;
          const loss = sparse({ logits: Float64Array.from(drawn.flatMap(([p]) => p)), labels, shape: [rows, n], ignoreIndex: -100, reduction, grad });
          const columns = rowColumns(
            drawn.map(([p]) => p),
            n,
          );
          const columnGrad = withGrad ? new Float64Array(n * rows) : undefined;
          const general = sparse({ logits: columns, labels, shape: [n, rows], axis: 0, ignoreIndex: -100, reduction, grad: columnGrad });
          expect(typeof loss === "number" ? [loss] : [...loss]).toEqual(typeof general === "number" ? [general] : [...general]);
          if (grad !== undefined) expect([...grad]).toEqual([...moveAxisLast([...columnGrad!], [n, rows], 0).data]);
        }),
        { numRuns: n <= 3 ? RUNS : Math.round(RUNS / 4) },
      );
    });
  });
}

describe("sparseSoftmaxCrossEntropyWithLogits: laws", () => {
  it("equals the dense loss on one-hot labels, loss and gradient bit for bit", () => {
    fc.assert(
      fc.property(labelled, ({ row, y, weights }) => {
        const onehot = row.map((_, c) => (c === y ? 1 : 0));
        const g1 = new Float64Array(row.length);
        const g2 = new Float64Array(row.length);
        const a = sparse({ logits: row, labels: [y], weights, grad: g1 });
        const b = softmaxCrossEntropyWithLogits({ logits: row, labels: onehot, weights, grad: g2 });
        expect(a).toEqual(b);
        expect(g1).toEqual(g2);
      }),
      { numRuns: ROW_RUNS },
    );
  });

  it("with smoothing, is within 4 ULP of each other with the dense loss on smoothed labels", () => {
    fc.assert(
      fc.property(labelled, ({ row, y, weights, eps }) => {
        // The test's own labels need ε / C to full precision: not subnormal.
        fc.pre(eps === 0 || eps / row.length > 2 ** -1022);
        const smoothed = row.map((_, c) => (c === y ? 1 - eps : 0) + eps / row.length);
        const a = sparse({ logits: row, labels: [y], weights, labelSmoothing: eps, reduction: "sum" });
        const b = softmaxCrossEntropyWithLogits({ logits: row, labels: smoothed, weights, reduction: "sum" });
        // Both round their coefficients: each is within 4 ULP of its own exact value.
        if (!Number.isFinite(b)) expect(a).toBe(b);
        else expect(Math.abs(a - b)).toBeLessThanOrEqual(8 * ulpOfDouble(b));
      }),
      { numRuns: ROW_RUNS },
    );
  });

  it("weights, ignore index and the three reductions match a straightforward reference", () => {
    const batch = fc.integer({ min: 1, max: 6 }).chain((rows) =>
      fc.integer({ min: 1, max: 5 }).chain((classes) =>
        fc.record({
          rows: fc.constant(rows),
          classes: fc.constant(classes),
          logits: fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: rows * classes, maxLength: rows * classes }),
          labels: fc.array(fc.integer({ min: -1, max: classes - 1 }), { minLength: rows, maxLength: rows }),
          weights: fc.option(fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: classes, maxLength: classes }), { nil: undefined }),
        }),
      ),
    );
    fc.assert(
      fc.property(batch, ({ rows, classes, logits, labels, weights }) => {
        const options = { logits, labels, shape: [rows, classes], weights, ignoreIndex: -1 };
        const losses = sparse(options);
        let sum = 0;
        let denominator = 0;
        for (let r = 0; r < rows; r++) {
          const y = labels[r]!;
          if (y === -1) {
            expect(losses[r]).toBe(0);
            continue;
          }
          const row = logits.slice(r * classes, (r + 1) * classes);
          const w = weights?.[y] ?? 1;
          const ref = sparse({ logits: row, labels: [y], reduction: "sum" }) * w;
          expect(Math.abs(losses[r]! - ref)).toBeLessThanOrEqual(4 * 2 ** -52 * Math.abs(ref) + Number.MIN_VALUE);
          sum += losses[r]!;
          denominator += w;
        }
        const total = sparse({ ...options, reduction: "sum" });
        const mean = sparse({ ...options, reduction: "mean" });
        expect(Math.abs(total - sum)).toBeLessThanOrEqual(rows * 2 ** -52 * Math.abs(sum));
        if (denominator === 0) expect(mean).toBeNaN();
        else expect(Math.abs(mean - sum / denominator)).toBeLessThanOrEqual((rows + 2) * 2 ** -52 * Math.abs(sum / denominator));
      }),
      { numRuns: ROW_RUNS },
    );
  });

  it("the gradient of the mean is that of the sum divided by the denominator, and matches central differences of the oracle loss", () => {
    /** The exact weighted loss of the batch, summed over its two rows. */
    const exactLoss = (logits: number[], labels: number[], weights: number[]) =>
      [0, 1].reduce((sum, r) => {
        const row = logits.slice(3 * r, 3 * r + 3);
        return sum.plus(exactSoftmaxCrossEntropy(row, coefficients(3, labels[r]!, 0, weights)));
      }, new D(0));
    // Logits on a grid of 2^-10, so that x ± h (h = 2^-20) is exact.
    const h = 2 ** -20;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5120, max: 5120 }).map((k) => k / 1024), { minLength: 6, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 2 }),
        (logits, labels) => {
          const options = { logits, labels, shape: [2, 3], weights: [1, 2, 0.5] };
          const gSum = new Float64Array(6);
          const gMean = new Float64Array(6);
          sparse({ ...options, reduction: "sum", grad: gSum });
          sparse({ ...options, reduction: "mean", grad: gMean });
          const den = labels.reduce((s, y) => s + options.weights[y]!, 0);
          gSum.forEach((g, i) => expect(Math.abs(gMean[i]! - g / den)).toBeLessThanOrEqual(2 ** -50 * Math.abs(g / den)));
          for (let i = 0; i < 6; i++) {
            const up = [...logits];
            const down = [...logits];
            up[i]! += h;
            down[i]! -= h;
            const fd = exactLoss(up, labels, options.weights).minus(exactLoss(down, labels, options.weights)).div(2 * h);
            // The central difference is off by about h² |third derivative| / 6, below 1e-12 here.
            expect(fd.minus(gSum[i]!).abs().toNumber()).toBeLessThanOrEqual(1e-10);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  /** The losses and gradient along axis 1 of a rank-3 array equal those of the array with that axis moved last, bit for bit. */
  function expectAxis1AsLast(data: number[], labels: number[], shape: readonly number[], extra: Partial<SparseSoftmaxCrossEntropyOptions>): void {
    const grad = new Float64Array(data.length);
    const losses = sparse({ logits: data, labels, shape, axis: 1, grad, ...extra });
    const moved = moveAxisLast(data, shape, 1);
    const gradLast = new Float64Array(data.length);
    expect(losses).toEqual(sparse({ logits: moved.data, labels, shape: moved.shape, grad: gradLast, ...extra }));
    expect(moveAxisLast([...grad], shape, 1).data).toEqual(gradLast);
  }

  it("gives the same losses along any axis as along the last axis of the transposed array, bit for bit", () => {
    const arrays = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
      .chain(([a, b, c]) =>
        fc.record({
          shape: fc.constant([a, b, c]),
          data: fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: a * b * c, maxLength: a * b * c }),
          labels: fc.array(fc.nat({ max: b - 1 }), { minLength: a * c, maxLength: a * c }),
        }),
      );
    fc.assert(
      fc.property(arrays, ({ shape, data, labels }) => expectAxis1AsLast(data, labels, shape, {})),
      { numRuns: 200 },
    );
  });

  it("16 to 40 classes along axis 1 (the gradient's kernel on the gathered slices), with ignored labels, smoothing or weights: bit for bit", () => {
    const arrays = fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 16, max: 40 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 2 }))
      .chain(([a, b, c, kind]) =>
        fc.record({
          shape: fc.constant([a, b, c]),
          kind: fc.constant(kind),
          data: fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: a * b * c, maxLength: a * b * c }),
          labels: fc.array(fc.oneof(fc.nat({ max: b - 1 }), fc.constant(-100)), { minLength: a * c, maxLength: a * c }),
        }),
      );
    fc.assert(
      fc.property(arrays, ({ shape, kind, data, labels }) => {
        const b = shape[1]!;
        const extra = kind === 1 ? { labelSmoothing: 0.1 } : kind === 2 ? { weights: Array.from({ length: b }, (_, i) => 1 + (i % 3)) } : {};
        expectAxis1AsLast(data, labels, shape, { ignoreIndex: -100, ...extra });
      }),
      { numRuns: 100 },
    );
  });
});

describe("sparseSoftmaxCrossEntropyWithLogits: special values and edges", () => {
  it("takes the limits of infinite logits, and NaN for NaN or an all −∞ row", () => {
    const grad = new Float64Array(3);
    expect(sparse({ logits: [Infinity, 0, -Infinity], labels: [0], reduction: "sum", grad })).toBe(0);
    expect(grad).toEqual(Float64Array.of(0, 0, 0));
    expect(sparse({ logits: [Infinity, Infinity, 0], labels: [0], reduction: "sum", grad })).toBe(Math.LN2);
    expect(grad).toEqual(Float64Array.of(-0.5, 0.5, 0));
    expect(sparse({ logits: [Infinity, 0], labels: [1], reduction: "sum" })).toBe(Infinity);
    expect(sparse({ logits: [-Infinity, 0], labels: [0], reduction: "sum" })).toBe(Infinity);
    expect(sparse({ logits: [-Infinity, 0], labels: [1], reduction: "sum" })).toBe(0);
    expect(sparse({ logits: [NaN, 0], labels: [1], reduction: "sum", grad: new Float64Array(2) })).toBeNaN();
    expect(sparse({ logits: [-Infinity, -Infinity], labels: [1], reduction: "sum" })).toBeNaN();
    expect(sparse({ logits: [-Infinity, 0], labels: [0], labelSmoothing: 0.5, reduction: "sum" })).toBe(Infinity);
  });

  it("every example ignored: the mean is NaN (0/0, as PyTorch), the sum 0, the gradient 0", () => {
    const grad = new Float64Array(4).fill(7);
    const options = { logits: [1, 2, 3, 4], labels: [-100, -100], shape: [2, 2], ignoreIndex: -100 };
    expect(sparse({ ...options, reduction: "mean", grad })).toBeNaN();
    expect(grad).toEqual(new Float64Array(4));
    expect(sparse({ ...options, reduction: "sum" })).toBe(0);
    expect(sparse(options)).toEqual(new Float64Array(2));
  });

  it("a total weight of 0: the mean and its gradient are NaN", () => {
    const grad = new Float64Array(2);
    expect(sparse({ logits: [1, 2], labels: [0], weights: [0, 1], reduction: "mean", grad })).toBeNaN();
    expect(Number.isNaN(grad[0])).toBe(true);
  });

  it("accepts Int32Array, Uint32Array and number[] labels, Float32Array logits, and writes into out", () => {
    const logits = Float32Array.of(0, 1, 2, 3);
    const expected = sparse({ logits: [0, 1, 2, 3], labels: [1, 0], shape: [2, 2] });
    expect(sparse({ logits, labels: Int32Array.of(1, 0), shape: [2, 2] })).toEqual(expected);
    const out = new Float64Array(2);
    expect(sparse({ logits, labels: Uint32Array.of(1, 0), shape: [2, 2], out })).toBe(out);
    expect(out).toEqual(expected);
  });

  it("rejects bad labels, weights, smoothing, reductions and buffers, naming the values, writing nothing", () => {
    const out = new Float64Array(2).fill(7);
    const grad = new Float64Array(4).fill(7);
    const base = { logits: [0, 1, 2, 3], shape: [2, 2], out, grad };
    const bad: [object, RegExp][] = [
      [{ labels: [0] }, /labels has length 1 but there are 2 examples/],
      [{ labels: [0, 2] }, /labels\[1\] is 2, outside the classes \[0, 2\)/],
      [{ labels: [0, -100] }, /labels\[1\] is -100/],
      [{ labels: [0, 0.5] }, /labels\[1\] must be an integer class index; got 0.5/],
      [{ labels: [0, 1], weights: [1] }, /weights has length 1 but the number of classes is 2/],
      [{ labels: [0, 1], weights: [1, -1] }, /weights\[1\] must be non-negative and finite; got -1/],
      [{ labels: [0, 1], labelSmoothing: 1.5 }, /labelSmoothing must be in \[0, 1\]; got 1.5/],
      [{ labels: [0, 1], ignoreIndex: 0.5 }, /ignoreIndex must be an integer; got 0.5/],
      [{ labels: [0, 1], reduction: "avg" }, /reduction must be 'none', 'sum' or 'mean'; got 'avg'/],
      [{ labels: [0, 1], grad: new Float64Array(3) }, /grad has length 3 but logits has length 4/],
      [{ labels: [0, 1], out: new Float64Array(3) }, /out has length 3 but the number of examples has length 2/],
      [{ labels: [0, 1], shape: [3, 2] }, /shape \[3, 2\] has 6 elements but logits has length 4/],
    ];
    for (const [options, message] of bad) {
      expect(() => sparse({ ...base, ...options } as never)).toThrow(RangeError);
      expect(() => sparse({ ...base, ...options } as never)).toThrow(message);
    }
    expect(out).toEqual(new Float64Array(2).fill(7));
    expect(grad).toEqual(new Float64Array(4).fill(7));
    const logits = Float64Array.of(0, 1, 2, 3);
    expect(() => sparse({ logits, labels: [0, 1], shape: [2, 2], grad: logits })).toThrow(/grad must not share memory with the inputs/);
    expect(() => sparse({ logits, labels: [0, 1], shape: [2, 2], out: new Float64Array(2), reduction: "sum" } as never)).toThrow(TypeError);
    expect(() => sparse({ logits, labels: Float64Array.of(0, 1), shape: [2, 2] } as never)).toThrow(/labels must be an Int32Array, Uint32Array or number\[\]/);
    expect(() => sparse(undefined as never)).toThrow(/expects one options object/);
  });
});

describe("sparseSoftmaxCrossEntropyWithLogits: found by fuzzing", () => {
  it("[-6.03e225, -1.92e149], label 0, weights [5e-324, 0], ε ≈ 0.5: (1 − ε) w_y rounds to 0 but its term counts", () => {
    const row = [-6.031854160156026e225, -1.921863747292238e149];
    const eps = 0.49999999999999994;
    const loss = sparse({ logits: row, labels: [0], weights: [5e-324, 0], labelSmoothing: eps, reduction: "sum" });
    const a = coefficients(2, 0, eps, [5e-324, 0]);
    expect(ulpError(loss, exactSoftmaxCrossEntropy(row, a))).toBeLessThanOrEqual(AXIS_MAX_ULP);
  });
});

describe("sparseSoftmaxCrossEntropyWithLogits: found by fuzzing (2)", () => {
  it("[…, 732.14, …] with label 2: the confident gradient −rest is subnormal, from 11 subnormal terms", () => {
    const row = [
      -1.0938122327125793e-118, 2.4325208499389508e-235, 732.1443753057091, 4.999999999999999, -3.6243567443520465e-196, 1.2341360430922666e-15,
      9.956968926310077e-49, -1.6826992966822685e-86, -2.1763721599205774e-166, 5e-324, -9.578802830894334e-182, 1.6702252446334684e-246,
    ];
    const grad = new Float64Array(row.length);
    sparse({ logits: row, labels: [2], reduction: "sum", grad });
    const exact = exactSoftmaxCrossEntropyGradient(row, coefficients(row.length, 2, 0));
    exact.forEach((g, i) => expect(ulpError(grad[i]!, g)).toBeLessThanOrEqual(AXIS_MAX_ULP));
  });
});

describe("sparseSoftmaxCrossEntropyWithLogits: found by the hardening fuzz", () => {
  it("[NaN, 0], label 1, weights [1, 0]: NaN, not 0 (a NaN logit reaches the loss even with a zero coefficient)", () => {
    const grad = new Float64Array(2);
    expect(sparse({ logits: [NaN, 0], labels: [1], weights: [1, 0] })[0]).toBeNaN();
    sparse({ logits: [NaN, 0], labels: [1], weights: [1, 0], reduction: "sum", grad });
    expect(Array.from(grad)).toEqual([NaN, NaN]);
  });
});

describe("sparseSoftmaxCrossEntropyWithLogits: found by the browser run", () => {
  it("[713.0, 0, 0, 0, 0], label 2, weight 8.95: the subnormal gradients 1.96e-309 within 4 ULP (were 4.3)", () => {
    const row = [713.0160874222448, 0, 0, 0, 0];
    const weights = [0, 0, 8.952253911946915, 0, 0];
    const grad = new Float64Array(row.length);
    sparse({ logits: row, labels: [2], weights, reduction: "sum", grad });
    const exact = exactSoftmaxCrossEntropyGradient(row, coefficients(row.length, 2, 0, weights));
    exact.forEach((g, i) => expect(ulpError(grad[i]!, g)).toBeLessThanOrEqual(AXIS_MAX_ULP));
  });
});

describe("sparseSoftmaxCrossEntropyWithLogits: enormous weights on a confident row", () => {
  it.each([
    [[800, 0], 0, [1e300, 1], 0],
    [[800, 0, -5], 0, [1e300, 1, 2], 0.1],
    [[720, 0, 0, 0], 0, [1e20, 1, 1, 1], 0],
    // The top's weight dwarfs the others': Σw − w_top cancelled to 0 in the top's gradient.
    [[740, 0, 1], 0, [3e16, 1, 1], 0.5],
  ])("%j, label %i, weights %j, ε %d: loss and gradient within 4 ULP where rest is subnormal or underflows", (row, y, weights, eps) => {
    const grad = new Float64Array(row.length);
    const loss = sparse({ logits: row, labels: [y], weights, labelSmoothing: eps, reduction: "sum", grad });
    const a = coefficients(row.length, y, eps, weights);
    expect(ulpError(loss, exactSoftmaxCrossEntropy(row, a))).toBeLessThanOrEqual(AXIS_MAX_ULP);
    exactSoftmaxCrossEntropyGradient(row, a).forEach((g, i) => expect(ulpError(grad[i]!, g)).toBeLessThanOrEqual(AXIS_MAX_ULP));
  });
});

describe("sparseSoftmaxCrossEntropyWithLogits: labels whose reads run code", () => {
  /** The per-example losses and the gradient of one call, as one array. */
  const lossesAndGradient = (logits: Float64Array, labels: number[], shape: number[]): number[] => {
    const grad = new Float64Array(logits.length);
    return [...sparse({ logits, labels, shape, grad }), ...grad];
  };

  it("labels[1] a getter that calls softmax and logSoftmax (re-entering the library): the same losses and gradient as plain labels", () => {
    const n = 64;
    const logits = Float64Array.from({ length: 4 * n }, (_, i) => Math.sin(i * 1.7) * 9);
    const plain = [5, 17, 40, 63];
    const reentrant = [...plain];
    let calls = 0;
    Object.defineProperty(reentrant, 1, {
      get: () => {
        calls++;
        // Both use the kernels' memory and the shared maxima and sums.
        softmax(Float64Array.from({ length: 3000 }, (_, i) => Math.cos(i)), { shape: [30, 100] });
        logSoftmax(Float64Array.from({ length: 3000 }, (_, i) => Math.cos(i) * 700), { shape: [100, 30] });
        return 17;
      },
    });
    expect(lossesAndGradient(logits, reentrant, [4, n])).toEqual(lossesAndGradient(logits, plain, [4, n]));
    expect(calls).toBeGreaterThan(0);
  });

  it("labels[2] a getter that calls sparseSoftmaxCrossEntropyWithLogits itself: the outer call's labels stay its own", () => {
    // The labels of a block are copied into an array kept between calls; the
    // inner call must not write its labels (0, 1, 2, …) into the outer's.
    const n = 8;
    const logits = Float64Array.from({ length: 12 * n }, (_, i) => Math.sin(i * 0.9) * 5);
    const plain = [7, 6, 5, 4, 3, 2, 1, 0, 7, 6, 5, 4];
    const reentrant = [...plain];
    let inner = 0;
    Object.defineProperty(reentrant, 2, {
      get: () => {
        inner = sparse({ logits, labels: Array.from({ length: 12 }, (_, i) => i % n), shape: [12, n], reduction: "sum" });
        return 5;
      },
    });
    expect(lossesAndGradient(logits, reentrant, [12, n])).toEqual(lossesAndGradient(logits, plain, [12, n]));
    expect(inner).toBeGreaterThan(0);
  });
});
