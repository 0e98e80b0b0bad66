import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { expOf } from "../../src/internal/exp.js";
import { log1pOf } from "../../src/internal/log.js";
import { BLOCK } from "../../src/internal/expSum.js";
import { logSigmoid } from "../../src/logSigmoid.js";
import { logit } from "../../src/logit.js";
import { logSoftmax } from "../../src/logSoftmax.js";
import { logSumExp } from "../../src/logSumExp.js";
import { softmax } from "../../src/softmax.js";
import { softmaxCrossEntropyWithLogits } from "../../src/softmaxCrossEntropyWithLogits.js";
import { sparseSoftmaxCrossEntropyWithLogits } from "../../src/sparseSoftmaxCrossEntropyWithLogits.js";
import { sigmoid } from "../../src/sigmoid.js";
import { sigmoidCrossEntropyWithLogits } from "../../src/sigmoidCrossEntropyWithLogits.js";
import { softplus } from "../../src/softplus.js";
import { ELEMENTWISE_WASM, LANE_ROWS_WASM, LOGIT_WASM, REST_WASM, SCALED_WASM, SECOND_PASS_WASM, SHORT_ROWS_WASM, SIGMOID_LOSS_WASM } from "../../src/internal/kernelsWasm.js";
import {
  CHUNK,
  expArray,
  HALF,
  loadKernels,
  loadLogitKernels,
  loadLaneRowKernels,
  loadShortRowKernels,
  loadRestKernels,
  loadScaledKernels,
  loadSecondPassKernels,
  loadSigmoidLossKernels,
  RECORD,
  RECORD_ROWS,
  RECORDS,
  setKernelPath,
  THIRD,
} from "../../src/internal/wasm.js";
import { logitRow, probability, RUNS, subnormal } from "../helpers/arbitraries.js";
import type { ElementwiseExport } from "../helpers/elementwise.js";
import { domainDouble } from "../helpers/fuzz.js";

/** Both paths over `values`, compared bit for bit (NaN equal to NaN). */
function bothPaths(values: readonly number[]): { wasm: number[]; js: number[] } {
  const x = Float64Array.from(values);
  const wasm = new Float64Array(x.length);
  const js = new Float64Array(x.length);
  setKernelPath("wasm");
  expArray(x, wasm);
  setKernelPath("js");
  expArray(x, js);
  return { wasm: Array.from(wasm), js: Array.from(js) };
}

afterEach(() => {
  setKernelPath("auto");
});

/** Temperatures for the scaled first pass: below 1, above it, and far below it (most terms underflow). */
/** An elementwise function's two paths give the same bits on `values`, and the same as the function of each number. */
function pathsAgree(f: ElementwiseExport, values: number[]): void {
  const x = Float64Array.from(values);
  setKernelPath("wasm");
  const wasm = Array.from(f(x));
  setKernelPath("js");
  const js = Array.from(f(x));
  expect(wasm).toEqual(js);
  expect(js).toEqual(values.map((v) => f(v)));
}

const TEMPERATURES = [0.7, 3, 1e-3];

/** The sparse loss's options that take different paths through its gradient (ignoreIndex −1 on every fifth example). */
const sparseCases = [
  ["", {}],
  [", smoothed, an ignored label, the mean", { labelSmoothing: 0.1, ignoreIndex: -1, reduction: "mean" }],
  [", weights, the mean", { weights: true, reduction: "mean" }],
  [", weights and smoothing", { weights: true, labelSmoothing: 0.2, reduction: "sum" }],
] as const;

/**
 * The dense loss's options that take different paths through its gradient;
 * the labels include −0 and negative ones (a = z to the sign of a zero), and
 * NaN where `nan` is set.
 */
const denseCases = [
  ["", {}],
  [", smoothed", { labelSmoothing: 0.1 }],
  [", odd labels, the mean", { odd: true, reduction: "mean" }],
  [", weights, the mean", { weights: true, reduction: "mean" }],
] as const;

/** The dense loss with `options` over logits of `shape` ([examples, classes]): its result and gradient as one array. */
function denseBoth(options: (typeof denseCases)[number][1]) {
  return (x: Float64Array, shape: readonly number[]): number[] => {
    const n = shape[1]!;
    const grad = new Float64Array(x.length);
    const odd = [-0, -0.5, 2, NaN, Infinity];
    const labels = Float64Array.from(x, (_, i) => ("odd" in options && i % 7 === 3 ? odd[i % 5]! : ((i * 5) % 3) / 2));
    const weights = "weights" in options ? Float64Array.from({ length: n }, (_, k) => (k % 4) / 2) : undefined;
    const { odd: _odd, ...rest } = { odd: false, ...options };
    const result = softmaxCrossEntropyWithLogits({ ...rest, logits: x, labels, shape: [...shape], grad, weights });
    return [...(typeof result === "number" ? [result] : result), ...grad];
  };
}

/** The sparse loss with `options` over logits of `shape` ([examples, classes]): its result and gradient as one array. */
function sparseBoth(options: (typeof sparseCases)[number][1]) {
  return (x: Float64Array, shape: readonly number[]): number[] => {
    const [examples, n] = shape as [number, number];
    const grad = new Float64Array(x.length);
    const ignore = "ignoreIndex" in options;
    const labels = Array.from({ length: examples }, (_, i) => (ignore && i % 5 === 4 ? -1 : (i * 7) % n));
    const weights = "weights" in options ? Float64Array.from({ length: n }, (_, k) => (k % 4) / 2) : undefined;
    const result = sparseSoftmaxCrossEntropyWithLogits({ ...options, logits: x, labels, shape: [...shape], grad, weights });
    return [...(typeof result === "number" ? [result] : result), ...grad];
  };
}

describe("internal/wasm: the WebAssembly kernels", () => {
  it("compile here (Node and Chromium have SIMD), from eight modules each under the 4 kB browsers compile synchronously", () => {
    expect(loadKernels()).not.toBeNull();
    expect(loadRestKernels()).not.toBeNull();
    expect(loadSecondPassKernels()).not.toBeNull();
    expect(loadScaledKernels()).not.toBeNull();
    expect(loadSigmoidLossKernels()).not.toBeNull();
    expect(loadLogitKernels()).not.toBeNull();
    expect(loadShortRowKernels()).not.toBeNull();
    expect(loadLaneRowKernels()).not.toBeNull();
    for (const module of [ELEMENTWISE_WASM, REST_WASM, SECOND_PASS_WASM, SCALED_WASM, SIGMOID_LOSS_WASM, LOGIT_WASM, SHORT_ROWS_WASM, LANE_ROWS_WASM]) {
      expect(atob(module).length).toBeLessThan(4096);
    }
    // The second pass, the temperature's first pass and the short rows work on the first pass's memory, which they import.
    expect(loadSecondPassKernels()!.heap).toBe(loadRestKernels()!.heap);
    expect(loadScaledKernels()!.heap).toBe(loadRestKernels()!.heap);
    expect(loadShortRowKernels()!.heap).toBe(loadRestKernels()!.heap);
    expect(loadLaneRowKernels()!.heap).toBe(loadRestKernels()!.heap);
  });

  it("exp: the WebAssembly and JavaScript paths agree bit for bit on the whole double domain", () => {
    fc.assert(
      fc.property(fc.array(domainDouble, { maxLength: 40 }), (values) => {
        const { wasm, js } = bothPaths(values);
        expect(wasm).toEqual(js);
      }),
      { numRuns: RUNS },
    );
  });

  it("exp: they agree on every regime: overflow and underflow edges, subnormal results, ±0, tiny, special values", () => {
    const values = [
      NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 1e-300, 1, -1, 0.5, 709.782712893384, 709.7827128933839, 709.79, 710, 710.0000000000001,
      -708.3964185322641, -708.4, -744.44, -745.13, -745.1332191019411, -745.1332191019412, -745.14, -746, -746.0000000000001, 1e308, -1e308,
    ];
    const { wasm, js } = bothPaths(values);
    expect(wasm).toEqual(js);
    expect(js).toEqual(values.map(expOf));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -746, max: -708, noNaN: true }), fc.double({ min: 709, max: 710, noNaN: true }), subnormal), { maxLength: 40 }), (v) => {
        const { wasm: w, js: j } = bothPaths(v);
        expect(w).toEqual(j);
      }),
      { numRuns: Math.max(100, Math.round(RUNS / 10)) },
    );
  });

  it("expArray: in place, into another array, past a chunk of the module's memory, odd lengths", () => {
    for (const p of ["wasm", "js", "auto"] as const) {
      setKernelPath(p);
      for (const n of [40_001, 17, 3]) {
        const x = Float64Array.from({ length: n }, (_, i) => (i % 1500) - 745);
        const y = x.slice();
        expArray(y, y);
        const z = new Float64Array(n);
        expArray(x, z);
        for (let i = 0; i < n; i++) {
          if (!Object.is(y[i], expOf(x[i]!)) || !Object.is(z[i], y[i])) expect({ p, i, got: [y[i], z[i]] }).toEqual({ p, i, got: [expOf(x[i]!), expOf(x[i]!)] });
        }
      }
    }
  });

  it.each([
    ["sigmoid", sigmoid],
    ["softplus", softplus],
    ["logSigmoid", logSigmoid],
  ] as const)("%s: the WebAssembly and JavaScript paths agree bit for bit, and with the function of each number", (_, f) => {
    fc.assert(
      fc.property(fc.array(domainDouble, { minLength: 16, maxLength: 60 }), (values) => {
        pathsAgree(f, values);
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ["sigmoid", sigmoid],
    ["softplus", softplus],
    ["logSigmoid", logSigmoid],
  ] as const)("%s: the paths agree where exp's tail changes regime: a pair with one lane in expNormal's range and one below it, |x| near 36 (e^(−|x|) near 2^-53, where 1 + e rounds most), near 0.88 (where log1p's series changes from f = e to (1 + e)/2 − 1), (0, 0.88] (x joins log's series), subnormal results", (_, f) => {
    const edge = fc.oneof(
      fc.double({ min: 707.5, max: 709.5, noNaN: true }),
      fc.double({ min: 744, max: 746, noNaN: true }),
      fc.double({ min: 34, max: 38, noNaN: true }),
      fc.double({ min: 0.88, max: 0.8827, noNaN: true }),
      fc.double({ min: 0, max: 0.9, noNaN: true }),
      fc.constantFrom(708.3964185322641, 708.4, 36.7368005696771, 0.8813735870195429, 0.8813722064688543, 0, Infinity),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(edge, fc.boolean()).map(([x, negative]) => (negative ? -x : x)), { minLength: 8, maxLength: 40 }), (values) => {
        pathsAgree(f, values);
      }),
      { numRuns: Math.max(100, Math.round(RUNS / 3)) },
    );
  });

  it.each([
    ["softmax", (x: Float64Array, shape: number[]) => [...softmax(x, { shape })]],
    ["logSoftmax", (x: Float64Array, shape: number[]) => [...logSoftmax(x, { shape })]],
    ["logSumExp", (x: Float64Array, shape: number[]) => [...logSumExp(x, { shape })]],
    ["softmax in place", (x: Float64Array, shape: number[]) => [...softmax(x, { shape, out: x })]],
    ["softmax at temperatures 0.7, 3 and 10^-3", (x: Float64Array, shape: number[]) => TEMPERATURES.flatMap((temperature) => [...softmax(x, { shape, temperature })])],
    ["logSoftmax at temperatures 0.7, 3 and 10^-3", (x: Float64Array, shape: number[]) => TEMPERATURES.flatMap((temperature) => [...logSoftmax(x, { shape, temperature })])],
    ["logSoftmax in place", (x: Float64Array, shape: number[]) => [...logSoftmax(x, { shape, out: x })]],
    ...sparseCases.map(([name, options]) => [`sparseSoftmaxCrossEntropyWithLogits with its gradient${name}`, sparseBoth(options)] as const),
    ...denseCases.map(([name, options]) => [`softmaxCrossEntropyWithLogits with its gradient${name}`, denseBoth(options)] as const),
  ] as const)("%s: the WebAssembly and JavaScript paths agree bit for bit on batches of rows of every kind", (_, f) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(logitRow, { minLength: 1, maxLength: 20 }), (n, rows) => {
        const values = rows.flat();
        const count = Math.floor(values.length / n);
        const x = Float64Array.from(values.slice(0, count * n));
        setKernelPath("wasm");
        const wasm = f(x.slice(), [count, n]);
        setKernelPath("js");
        const js = f(x.slice(), [count, n]);
        expect(wasm).toEqual(js);
      }),
      { numRuns: Math.max(100, Math.round(RUNS / 3)) },
    );
  });

  it("softmax, logSoftmax and the softmax losses' gradients: the paths agree past a chunk of the module's memory, on rows of odd length, and on rows the kernels leave to JavaScript", () => {
    // Rows of every kind: confident (subnormal and underflowing terms, the
    // top's complement), +∞ (the limits), NaN, all −∞, masked.
    const rowOf = (r: number, n: number) =>
      Array.from({ length: n }, (_, k) => {
        const kind = r % 9;
        if (kind === 1 && k === r % n) return 750;
        if (kind === 2 && k === (r * 3) % n) return Infinity;
        if (kind === 3 && k === 1) return NaN;
        if (kind === 4) return -Infinity;
        if (kind === 5 && k % 3 === 0) return -Infinity;
        return Math.sin(r * 31 + k) * (kind === 6 ? 700 : 12);
      });
    for (const [rows, n] of [
      [1, 2 * CHUNK + 1001],
      [7, CHUNK + 7],
      [3, HALF + 1],
      [600, 333],
      [BLOCK + 40, 41],
      [300, 64],
    ] as const) {
      const logits = Float64Array.from(Array.from({ length: rows }, (_, r) => rowOf(r, n)).flat());
      const shape = [rows, n];
      for (const f of [
        logSoftmax,
        softmax,
        (x: Float64Array, o: { shape: number[] }) => {
          const inPlace = x.slice();
          return softmax(inPlace, { ...o, out: inPlace });
        },
        (x: Float64Array, o: { shape: number[] }) => softmax(x, { ...o, temperature: 0.7 }),
        (x: Float64Array, o: { shape: number[] }) => logSoftmax(x, { ...o, temperature: 3 }),
      ]) {
        setKernelPath("wasm");
        const wasm = [...f(logits, { shape })];
        setKernelPath("js");
        expect(wasm).toEqual([...f(logits, { shape })]);
      }
      for (const f of [...sparseCases.map(([, o]) => sparseBoth(o)), ...denseCases.map(([, o]) => denseBoth(o))]) {
        setKernelPath("wasm");
        const lossWasm = f(logits, shape);
        setKernelPath("js");
        expect(lossWasm).toEqual(f(logits, shape));
      }
    }
  });

  it("softmax and logSoftmax at a temperature: the paths agree where x − m overflows (its quarters), for tiny, subnormal and huge T (above 2^995 the JavaScript path), subnormal and underflowing terms", () => {
    const rows = [
      [-1e308, 1e308, 0, -8e307, 5e307],
      [-1.7e308, 1.7e308, -1.7e308, 1.6e308, 1],
      [0, -1e-310, -3e-320, 2, 1.5],
      [700, 0, -40, 699, -1e4],
      [-Infinity, 3, 2, NaN, 1],
      [Infinity, 3, Infinity, -Infinity, 0],
      [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
      [5, 5, 5, 5, 5],
      [1e-300, -1e-300, 2e-300, 0, -0],
    ];
    const x = Float64Array.from(Array.from({ length: 8 }, () => rows).flat(2));
    const shape = [8 * rows.length, 5];
    for (const temperature of [1e308, 1e300, 3.3484643974570854e299, 1e-3, 1e-300, 5e-324, 0.1, 10, 2 ** 995, 2 ** 996]) {
      for (const f of [softmax, logSoftmax]) {
        setKernelPath("wasm");
        const wasm = [...f(x, { shape, temperature })];
        setKernelPath("js");
        expect(wasm).toEqual([...f(x, { shape, temperature })]);
      }
    }
  });

  it("softmaxCrossEntropyWithLogits: a label of −0 under a −∞ logit, negative labels: the gradient's +0 on both paths (a = z + (−0), not z + 0)", () => {
    // p = 0 at the −∞ logit and Σa < 0, so p · Σa = −0, and −0 − (−0) = +0
    // where the kernel's a = 1 · z + 0 would give −0 − (+0) = −0.
    const n = 40;
    const logits = Float64Array.from({ length: 2 * n }, (_, i) => (i % n === 1 ? -Infinity : Math.sin(i)));
    const labels = Float64Array.from({ length: 2 * n }, (_, i) => (i % n === 1 ? -0 : -1));
    const run = (path: "wasm" | "js") => {
      setKernelPath(path);
      const grad = new Float64Array(2 * n);
      softmaxCrossEntropyWithLogits({ logits, labels, shape: [2, n], grad });
      return grad;
    };
    const wasm = run("wasm");
    expect(Object.is(wasm[1], 0)).toBe(true);
    expect(Object.is(wasm[n + 1], 0)).toBe(true);
    expect([...wasm]).toEqual([...run("js")]);
  });

  /** The sigmoid loss on both paths: its result (losses or total) and gradient, as arrays of numbers. */
  function sigmoidLossBothPaths(options: {
    logits: Float64Array;
    labels: Float64Array;
    posWeight?: number | Float64Array;
    shape?: number[];
    axis?: number;
    reduction: "none" | "sum" | "mean";
  }) {
    const run = (path: "wasm" | "js") => {
      setKernelPath(path);
      const grad = new Float64Array(options.logits.length);
      const result = sigmoidCrossEntropyWithLogits({ ...options, grad });
      return [...(typeof result === "number" ? [result] : result), ...grad];
    };
    return { wasm: run("wasm"), js: run("js") };
  }

  /** Labels where the loss's branches part: 0, 1, soft ones, and those near 0 and 1. */
  const label = fc.oneof(fc.constantFrom(0, 1, 0.5), probability);

  it("logit: the WebAssembly and JavaScript paths agree bit for bit, with and without eps, and with logit of each number", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(probability, domainDouble), { minLength: 16, maxLength: 60 }),
        fc.oneof(fc.constant(undefined), fc.constantFrom(0, 0.5, 1e-6), fc.double({ min: 0, max: 0.5, noNaN: true })),
        (values, eps) => {
          const p = Float64Array.from(values);
          const options = eps === undefined ? {} : { eps };
          setKernelPath("wasm");
          const wasm = Array.from(logit(p, options));
          setKernelPath("js");
          const js = Array.from(logit(p, options));
          expect(wasm).toEqual(js);
          expect(js).toEqual(values.map((v) => logit(v, options)));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("logit: the paths agree where log's reduction changes binade (q = p/(1 − p) near √2 · 2^k) and for subnormal p", () => {
    const values: number[] = [];
    for (let j = -8; j <= 8; j++) {
      const m = Math.SQRT2 * (1 + j * 2 ** -21);
      for (let k = -1074; k <= 0; k += 7) values.push(m * 2 ** k);
      for (let k = 0; k <= 40; k++) values.push((m * 2 ** k) / (1 + m * 2 ** k), 1 / (1 + m * 2 ** k));
    }
    const p = Float64Array.from(values);
    setKernelPath("wasm");
    const wasm = Array.from(logit(p));
    setKernelPath("js");
    expect(wasm).toEqual(Array.from(logit(p)));
  });

  it("logRests: log1p of each rest is log1pOf's bits, and its low part lo / (1 + hi), where log's reduction changes binade (1 + rest near √2 · 2^k), from rest 0 to 2^40", () => {
    const rests = [0, 2 ** -1074, 1e-300, 2 ** -60, 2 ** -53, 1e-10, 0.5, 1, 2, 1e6];
    for (let j = -8; j <= 8; j++) {
      for (let k = 0; k <= 40; k++) rests.push(Math.SQRT2 * (1 + j * 2 ** -21) * 2 ** k - 1);
    }
    for (let i = 0; i < 300; i++) rests.push(Math.abs(Math.sin(i)) ** 9 * 2 ** (i % 41));
    const k = loadSecondPassKernels()!;
    const { records } = k;
    // An odd count last: the kernel takes two records at a time.
    for (let first = 0; first < rests.length; first += RECORD_ROWS - 1) {
      const rows = Math.min(RECORD_ROWS - 1, rests.length - first);
      for (let q = 0; q < rows; q++) {
        records[q * RECORD + 2] = rests[first + q]!;
        records[q * RECORD + 3] = rests[first + q]! * 2 ** -54 * ((q % 3) - 1);
      }
      k.exports.logRests(rows, RECORDS);
      for (let q = 0; q < rows; q++) {
        const [hi, lo] = [records[q * RECORD + 2]!, records[q * RECORD + 3]!];
        expect([records[q * RECORD + 5], records[q * RECORD + 6]]).toEqual([log1pOf(hi), lo / (1 + hi)]);
      }
    }
  });

  it("sigmoidCrossEntropyWithLogits: the WebAssembly and JavaScript paths agree bit for bit, losses, sums and gradients", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(domainDouble, fc.double({ min: -40, max: 40, noNaN: true })), label), { minLength: 16, maxLength: 60 }),
        fc.oneof(fc.constant(undefined), fc.constantFrom(0, 1, 3), fc.double({ min: 0, max: 1e3, noNaN: true })),
        fc.constantFrom("none", "sum", "mean"),
        (pairs, posWeight, reduction) => {
          const logits = Float64Array.from(pairs, ([x]) => x);
          const labels = Float64Array.from(pairs, ([, z]) => z);
          const { wasm, js } = sigmoidLossBothPaths({ logits, labels, reduction, ...(posWeight === undefined ? {} : { posWeight }) });
          expect(wasm).toEqual(js);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("sigmoidCrossEntropyWithLogits: the paths agree with a weight per class, along the last axis and another", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.oneof(fc.constantFrom(0, 1, 2.5), fc.double({ min: 0, max: 100, noNaN: true })), { minLength: 7, maxLength: 7 }),
        fc.constantFrom("none", "sum", "mean"),
        fc.nat(),
        (outer, n, inner, weights, reduction, seed) => {
          const length = outer * n * inner;
          const logits = Float64Array.from({ length }, (_, i) => (((i + seed) * 7919) % 2001) / 50 - 20);
          const labels = Float64Array.from({ length }, (_, i) => ((i + seed) % 5) / 4);
          const posWeight = Float64Array.from(weights.slice(0, n));
          const { wasm, js } = sigmoidLossBothPaths({ logits, labels, reduction, posWeight, shape: [outer, n, inner], axis: 1 });
          expect(wasm).toEqual(js);
        },
      ),
      { numRuns: Math.max(100, Math.round(RUNS / 10)) },
    );
  });

  it("sigmoidCrossEntropyWithLogits: the paths agree past a chunk of the module's memory, for odd lengths, one weight or one per class", () => {
    const agree = (options: Parameters<typeof sigmoidLossBothPaths>[0]) => {
      const { wasm, js } = sigmoidLossBothPaths(options);
      expect(wasm).toEqual(js);
    };
    const data = (length: number) => ({
      logits: Float64Array.from({ length }, (_, i) => ((i * 7919) % 2001) / 50 - 20),
      labels: Float64Array.from({ length }, (_, i) => (i % 5) / 4),
    });
    for (const length of [2 * THIRD + 3, THIRD - 1, 17]) {
      for (const reduction of ["none", "sum"] as const) {
        agree({ ...data(length), reduction, posWeight: 2 });
        // One class per element: the weights run on across the chunks.
        agree({ ...data(length), reduction, posWeight: Float64Array.from({ length }, (_, i) => (i % 7) / 2) });
      }
    }
    // 7 classes along the middle axis, runs of 3000 that the chunks cut.
    agree({ ...data(63000), reduction: "sum", posWeight: Float64Array.of(0, 1, 2, 3, 4, 5, 6), shape: [3, 7, 3000], axis: 1 });
  });
});
