/**
 * Hardening (SPEC §3): every export, in every form (number, each array kind,
 * a new result, `out`, in place, every option), on inputs from the whole double
 * domain, with valid calls and calls made invalid in one way. A valid call must
 * return, with NaN exactly where SPEC §3 puts it, probabilities in [0, 1],
 * log-probabilities ≤ 0 and losses ≥ 0; an invalid one must throw a RangeError
 * or TypeError and write nothing; no input may change. `LOGITS_FUZZ_RUNS`
 * raises the runs per property (default 3000).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  logSigmoid,
  logSoftmax,
  logSumExp,
  logit,
  sigmoid,
  sigmoidCrossEntropyWithLogits,
  softmax,
  softmaxCrossEntropyWithLogits,
  softplus,
  sparseSoftmaxCrossEntropyWithLogits,
} from "../src/index.js";
import { logOf } from "../src/internal/log.js";
import { RUNS } from "./helpers/arbitraries.js";
import {
  asKind,
  bitsEqual,
  classLayout,
  domainDouble,
  kind,
  layout,
  read,
  runTrial,
  sentinel,
  sliceIndices,
  type Layout,
} from "./helpers/fuzz.js";

/** The untyped view of an export, as a JavaScript caller (or a bad argument) sees it. */
type Loose = (x: unknown, options?: unknown) => unknown;

const isNaN = (v: number): boolean => v !== v;

/** Where the output goes: a new array, a caller's `out`, or the input itself. */
const outMode = fc.constantFrom("new", "out", "inPlace");

/** The ways an array call is made invalid, besides the function's own options. */
const OUT_FAULTS = ["outLength", "outType", "outOverlap", "unknownKey", "notAnObject"] as const;

/**
 * Builds the output and options of a same-length array call: `x` of `values`
 * in `k`, an `out` per `mode`, and one fault (or none). Returns the call's
 * pieces and why it is invalid.
 */
function sameLengthCall(
  values: readonly number[],
  k: "Float64Array" | "Float32Array" | "number[]",
  mode: string,
  fault: string,
  extra: Record<string, unknown>,
): { x: unknown; options: unknown; outputs: Float64Array[]; inputs: ArrayLike<number>[]; invalid: string | undefined } {
  const n = values.length;
  if (fault === "outOverlap" && n > 1) {
    const buffer = Float64Array.from([...values, 0]);
    const x = buffer.subarray(0, n);
    return { x, options: { ...extra, out: buffer.subarray(1) }, outputs: [], inputs: [], invalid: "out overlaps x" };
  }
  const x = asKind(values, k);
  const inPlace = mode === "inPlace" && k === "Float64Array";
  const out = inPlace ? (x as Float64Array) : mode === "out" ? sentinel(n) : undefined;
  const options: Record<string, unknown> = { ...extra };
  if (out !== undefined) options["out"] = out;
  const outputs = out !== undefined && !inPlace ? [out] : [];
  const inputs = inPlace ? [] : [x as ArrayLike<number>];
  switch (fault) {
    case "outLength":
      return { x, options: { ...options, out: sentinel(n + 1) }, outputs, inputs, invalid: "out has the wrong length" };
    case "outType":
      return { x, options: { ...options, out: new Float32Array(n) }, outputs, inputs, invalid: "out is not a Float64Array" };
    case "unknownKey":
      return { x, options: { ...options, Out: out }, outputs, inputs, invalid: "unknown option" };
    case "notAnObject":
      return { x, options: "out", outputs, inputs, invalid: "options is a string" };
    default:
      return { x, options, outputs, inputs, invalid: undefined };
  }
}

interface ElementwiseSpec {
  name: string;
  f: Loose;
  /** Where SPEC §3 puts NaN, for an input v (and logit's eps). */
  nan: (v: number, eps: number | undefined) => boolean;
  /** The range of a non-NaN result. */
  range: (y: number, eps: number | undefined) => boolean;
  /** Valid and invalid values of the function's own options. */
  options: fc.Arbitrary<{ extra: Record<string, unknown>; invalid: string | undefined; eps: number | undefined }>;
}

const noOptions = fc.constant({ extra: {}, invalid: undefined, eps: undefined });

const ELEMENTWISE: ElementwiseSpec[] = [
  { name: "sigmoid", f: sigmoid as Loose, nan: isNaN, range: (y) => y >= 0 && y <= 1, options: noOptions },
  { name: "logSigmoid", f: logSigmoid as Loose, nan: isNaN, range: (y) => y <= 0, options: noOptions },
  { name: "softplus", f: softplus as Loose, nan: isNaN, range: (y) => y >= 0, options: noOptions },
  {
    name: "logit",
    f: logit as Loose,
    nan: (v, eps) => isNaN(v) || (eps === undefined && !(v >= 0 && v <= 1)),
    // The clamp keeps the result finite unless 1 − eps rounds to 1 (eps ≤ 2^-54).
    range: (y, eps) => eps === undefined || 1 - eps === 1 || Number.isFinite(y),
    options: fc.oneof(
      noOptions,
      fc
        .oneof(fc.constantFrom(0, 0.5, 5e-324, 1e-6), fc.double({ min: 0, max: 0.5, noNaN: true }))
        .map((eps) => ({ extra: { eps }, invalid: undefined, eps })),
      fc
        .constantFrom(-0.1, 0.6, NaN, Infinity, "0.1", null)
        .map((eps) => ({ extra: { eps }, invalid: "eps outside [0, 0.5]", eps: undefined })),
    ),
  },
];

describe.each(ELEMENTWISE)("$name: the whole double domain, every form", (spec) => {
  it("numbers: NaN exactly where SPEC puts it, the range held, options checked", () => {
    fc.assert(
      fc.property(domainDouble, spec.options, fc.boolean(), (v, o, misspell) => {
        const options = misspell ? { ...o.extra, out: new Float64Array(1) } : o.extra;
        const invalid = o.invalid ?? (misspell ? "out is for arrays" : undefined);
        runTrial({
          call: () => spec.f(v, Object.keys(options).length === 0 ? undefined : options),
          invalid,
          inputs: [],
          outputs: [],
          check: (y) => {
            expect(typeof y).toBe("number");
            expect(isNaN(y as number)).toBe(spec.nan(v, o.eps));
            if (!isNaN(y as number)) expect(spec.range(y as number, o.eps)).toBe(true);
          },
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("arrays: the number results bit for bit, in every kind and output form; faults throw and write nothing", () => {
    const fault = fc.oneof({ arbitrary: fc.constant("none"), weight: 4 }, { arbitrary: fc.constantFrom(...OUT_FAULTS), weight: 1 });
    fc.assert(
      fc.property(fc.array(domainDouble, { maxLength: 12 }), kind, outMode, fault, spec.options, (values, k, mode, f, o) => {
        const call = sameLengthCall(values, k, mode, f, o.extra);
        const widened = read(asKind(values, k));
        runTrial({
          call: () => spec.f(call.x, call.options),
          invalid: call.invalid ?? o.invalid,
          inputs: call.inputs,
          outputs: call.outputs,
          check: (y) => {
            expect(y).toBeInstanceOf(Float64Array);
            const expected = widened.map((v) => spec.f(v, o.eps === undefined ? undefined : { eps: o.eps }) as number);
            expect(bitsEqual(y as Float64Array, expected)).toBe(true);
          },
        });
      }),
      { numRuns: RUNS },
    );
  });
});

/**
 * The ways an axis call is made invalid through its layout: a shape whose
 * product is not the length, a bad dimension, an axis out of range or not an
 * integer.
 */
function layoutFault(l: Layout, fault: string): { shape: unknown; axis: unknown; invalid: string } | undefined {
  const dims = l.shape ?? [l.length];
  switch (fault) {
    case "shapeProduct":
      return { shape: dims.map((d) => d + 1), axis: l.axis, invalid: "shape product" };
    case "badDimension":
      return { shape: [...dims.slice(0, -1), [-1, 1.5, NaN, Infinity, "2"][l.length % 5]], axis: l.axis, invalid: "bad dimension" };
    case "axisRange":
      return { shape: dims, axis: l.length % 2 === 0 ? dims.length : -dims.length - 1, invalid: "axis out of range" };
    case "axisType":
      return { shape: dims, axis: [0.5, NaN, "0"][l.length % 3], invalid: "axis not an integer" };
    default:
      return undefined;
  }
}

/** The `shape` and `axis` options of a layout, or of its fault when there is one. */
function layoutOptions(l: Layout, bad: ReturnType<typeof layoutFault>): Record<string, unknown> {
  if (bad !== undefined) return { shape: bad.shape, axis: bad.axis };
  const options: Record<string, unknown> = {};
  if (l.shape !== undefined) options["shape"] = l.shape;
  if (l.axis !== undefined) options["axis"] = l.axis;
  return options;
}

const LAYOUT_FAULTS = ["shapeProduct", "badDimension", "axisRange", "axisType"] as const;

/** None most of the time, else one fault of the layout, the output or an option. */
function axisFault(own: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: fc.constant("none"), weight: 5 }, { arbitrary: fc.constantFrom(...LAYOUT_FAULTS, ...own), weight: 2 });
}

/** Temperatures: none (undefined) and valid ones over the whole positive range. */
const temperature = fc.option(
  fc.oneof(fc.constantFrom(1, 0.5, 3, 5e-324, 1e-300, 1e300, Number.MAX_VALUE), fc.double({ min: 5e-324, max: 1e308, noNaN: true })),
  { nil: undefined },
);
const badTemperature = fc.constantFrom<unknown>(0, -1, -0, NaN, Infinity, -Infinity, "2", null);

/** Layouts with empty slices too (softmax of an empty slice is empty). */
const classLayoutOrEmpty = fc.oneof(classLayout, layout);

interface SoftmaxLikeSpec {
  name: string;
  f: Loose;
  /** Checks one slice of a result whose inputs had no NaN and a finite maximum. */
  finiteSlice: (y: number[]) => void;
  /** The value of a +∞ entry among `count`, and of the others, in a slice with a +∞ maximum. */
  infinite: (count: number) => [number, number];
}

const SOFTMAX_LIKE: SoftmaxLikeSpec[] = [
  {
    name: "softmax",
    f: softmax as Loose,
    finiteSlice: (y) => {
      for (const v of y) expect(v >= 0 && v <= 1).toBe(true);
      const sum = y.reduce((a, b) => a + b, 0);
      // Each element within 4 ULP, plus the rounding of this sum.
      expect(Math.abs(sum - 1)).toBeLessThanOrEqual((4 + y.length) * 2 ** -52);
    },
    infinite: (count) => [1 / count, 0],
  },
  {
    name: "logSoftmax",
    f: logSoftmax as Loose,
    finiteSlice: (y) => {
      for (const v of y) expect(v <= 0).toBe(true);
      // The largest entry has probability at least 1/n.
      expect(Math.max(...y)).toBeGreaterThanOrEqual(-Math.log(y.length) * (1 + 2 ** -50));
    },
    // −log(count) by our log (log.test.ts bounds it by 1 ULP), the same bits in every engine.
    infinite: (count) => [-logOf(count), -Infinity],
  },
];

describe.each(SOFTMAX_LIKE)("$name: the whole double domain, every form", (spec) => {
  it("per slice: NaN from a NaN or all −∞, the +∞ limit, probabilities otherwise; every form agrees; faults throw", () => {
    const own = ["outLength", "outType", "outOverlap", "unknownKey", "notAnObject", "temperature"];
    const input = classLayoutOrEmpty.chain((l) =>
      fc.record({
        l: fc.constant(l),
        values: fc.array(domainDouble, { minLength: l.length, maxLength: l.length }),
        k: kind,
        mode: outMode,
        fault: axisFault(own),
        t: temperature,
        badT: badTemperature,
      }),
    );
    fc.assert(
      fc.property(input, ({ l, values, k, mode, fault, t, badT }) => {
        const bad = layoutFault(l, fault);
        const extra = layoutOptions(l, bad);
        if (t !== undefined) extra["temperature"] = t;
        const options = fault === "temperature" ? { ...extra, temperature: badT } : extra;
        const call = sameLengthCall(values, k, mode, OUT_FAULTS.includes(fault as never) ? fault : "none", options);
        const invalid = bad?.invalid ?? call.invalid ?? (fault === "temperature" ? "bad temperature" : undefined);
        const widened = read(asKind(values, k));
        runTrial({
          call: () => spec.f(call.x, call.options),
          invalid,
          inputs: call.inputs,
          outputs: call.outputs,
          check: (result) => {
            const y = result as Float64Array;
            expect(y).toBeInstanceOf(Float64Array);
            // A new result, out and in place agree bit for bit.
            const reference = spec.f(Float64Array.from(widened), extra) as Float64Array;
            expect(bitsEqual(y, reference)).toBe(true);
            for (let s = 0; s < l.outer * l.inner; s++) {
              const at = sliceIndices(l, s);
              const x = at.map((i) => widened[i]!);
              const got = at.map((i) => y[i]!);
              const top = Math.max(...x);
              if (x.some(isNaN) || top === -Infinity) {
                expect(got.every(isNaN)).toBe(true);
              } else if (top === Infinity) {
                const count = x.filter((v) => v === Infinity).length;
                const [onInf, others] = spec.infinite(count);
                expect(got).toEqual(x.map((v) => (v === Infinity ? onInf : others)));
              } else {
                expect(got.some(isNaN)).toBe(false);
                spec.finiteSlice(got);
              }
            }
          },
        });
      }),
      { numRuns: RUNS },
    );
  });
});

/** Weights b: none, non-negative (NaN and 0 included), or of any sign and size. */
const weights = fc.constantFrom("none", "nonNegative", "signed");
const nonNegativeWeight = fc.oneof(
  { arbitrary: fc.constantFrom(0, 1, 5e-324, Number.MAX_VALUE, NaN), weight: 1 },
  { arbitrary: fc.double({ min: 0, max: 1e308, noNaN: true }), weight: 3 },
);

describe("logSumExp: the whole double domain, every form", () => {
  it("per slice: NaN from a NaN, ±∞ limits, max ≤ value ≤ max + log n; signs consistent; every form agrees; faults throw", () => {
    const own = ["outLength", "outType", "unknownKey", "notAnObject", "bLength", "bType", "signOutAlone", "returnSignType", "outOverlap", "outIsSignOut"];
    const input = layout.chain((l) =>
      fc.record({
        l: fc.constant(l),
        values: fc.array(domainDouble, { minLength: l.length, maxLength: l.length }),
        k: kind,
        w: weights,
        b: fc.array(nonNegativeWeight, { minLength: l.length, maxLength: l.length }),
        signedB: fc.array(domainDouble, { minLength: l.length, maxLength: l.length }),
        returnSign: fc.boolean(),
        withOut: fc.boolean(),
        fault: axisFault(own),
      }),
    );
    fc.assert(
      fc.property(input, ({ l, values, k, w, b, signedB, returnSign, withOut, fault }) => {
        const x = asKind(values, k);
        const slices = l.outer * l.inner;
        const bad = layoutFault(l, fault);
        const options = layoutOptions(l, bad);
        const bValues = w === "nonNegative" ? b : w === "signed" ? signedB : undefined;
        if (bValues !== undefined) options["b"] = Float64Array.from(bValues);
        if (returnSign) options["returnSign"] = true;
        const out = withOut ? sentinel(slices) : undefined;
        if (out !== undefined) options["out"] = out;
        const signOut = withOut && returnSign ? sentinel(slices) : undefined;
        if (signOut !== undefined) options["signOut"] = signOut;
        let invalid = bad?.invalid;
        const faulty: Record<string, unknown> = { ...options };
        switch (fault) {
          case "outLength":
            faulty["out"] = sentinel(slices + 1);
            invalid = "out length";
            break;
          case "outType":
            faulty["out"] = [0];
            invalid = "out type";
            break;
          case "unknownKey":
            faulty["weights"] = options["b"];
            invalid = "unknown option";
            break;
          case "bLength":
            faulty["b"] = new Float64Array(l.length + 1);
            invalid = "b length";
            break;
          case "bType":
            faulty["b"] = new Int32Array(l.length);
            invalid = "b type";
            break;
          case "signOutAlone":
            faulty["returnSign"] = false;
            faulty["signOut"] = sentinel(slices);
            invalid = "signOut without returnSign";
            break;
          case "returnSignType":
            faulty["returnSign"] = "yes";
            invalid = "returnSign not a boolean";
            break;
          case "outOverlap":
            if (k === "Float64Array" && slices > 0 && slices <= l.length) {
              faulty["out"] = (x as Float64Array).subarray(0, slices);
              invalid = "out overlaps x";
            }
            break;
          case "outIsSignOut":
            if (slices > 0) {
              faulty["returnSign"] = true;
              faulty["out"] = faulty["signOut"] = sentinel(slices);
              invalid = "out is signOut";
            }
            break;
        }
        const outputs = [faulty["out"], faulty["signOut"]].filter((o): o is Float64Array => o instanceof Float64Array && o !== x);
        const optionsArg = fault === "notAnObject" ? [options] : faulty;
        if (fault === "notAnObject") invalid = "options is an array";
        const widened = read(x);
        const inputs = fault === "outOverlap" && invalid !== undefined ? [] : [x as ArrayLike<number>, ...(bValues === undefined ? [] : [options["b"] as Float64Array])];
        runTrial({
          call: () => (logSumExp as Loose)(x, optionsArg),
          invalid,
          inputs,
          outputs,
          check: (result) => {
            const asArray = options["shape"] !== undefined || out !== undefined;
            const pair = returnSign ? (result as { value: unknown; sign: unknown }) : { value: result, sign: undefined };
            const value = asArray ? Array.from(pair.value as Float64Array) : [pair.value as number];
            const sign = pair.sign === undefined ? undefined : asArray ? Array.from(pair.sign as Float64Array) : [pair.sign as number];
            if (out !== undefined) expect(pair.value).toBe(out);
            if (signOut !== undefined) expect(pair.sign).toBe(signOut);
            expect(value.length).toBe(asArray ? slices : 1);
            // The unsigned form is the signed value where the sum is not negative, NaN where it is.
            const signed = (logSumExp as Loose)(Float64Array.from(widened), { ...options, returnSign: true, out: undefined, signOut: undefined, shape: options["shape"] }) as {
              value: number | Float64Array;
              sign: number | Float64Array;
            };
            const sValue = typeof signed.value === "number" ? [signed.value] : Array.from(signed.value);
            const sSign = typeof signed.sign === "number" ? [signed.sign] : Array.from(signed.sign);
            for (let s = 0; s < value.length; s++) {
              const at = sliceIndices(l, s);
              const v = value[s]!;
              const sg = sSign[s]!;
              expect([1, -1, 0].includes(sg) || isNaN(sg)).toBe(true);
              expect(isNaN(sValue[s]!)).toBe(isNaN(sg));
              expect(sg === 0).toBe(sValue[s] === -Infinity);
              if (sign !== undefined) expect(bitsEqual([v, sign[s]!], [sValue[s]!, sg])).toBe(true);
              else expect(Object.is(v, sg < 0 ? NaN : sValue[s])).toBe(true);
              if (w === "signed") continue;
              const terms = at
                .map((i) => ({ x: widened[i]!, b: bValues === undefined ? 1 : bValues[i]! }))
                .filter((t) => t.b !== 0);
              if (terms.some((t) => isNaN(t.x) || isNaN(t.b))) {
                expect(v).toBeNaN();
                continue;
              }
              const live = terms.filter((t) => t.x > -Infinity);
              if (live.length === 0) expect(v).toBe(-Infinity);
              else if (live.some((t) => t.x === Infinity)) expect(v).toBe(Infinity);
              else {
                // log Σ b e^x is at least its largest term's log and at most that plus log n.
                // (Each x + log b is rounded here, by up to an ulp of |x| + |log b|.)
                const top = Math.max(...live.map((t) => t.x + Math.log(t.b)));
                const size = Math.max(...live.map((t) => Math.abs(t.x) + Math.abs(Math.log(t.b))));
                const slack = (size + Math.log(live.length)) * 2 ** -50 + 2 ** -1000;
                expect(v).toBeGreaterThanOrEqual(top - slack);
                if (Number.isFinite(top)) expect(v).toBeLessThanOrEqual(top + Math.log(live.length) + slack);
              }
            }
          },
        });
      }),
      { numRuns: RUNS },
    );
  });
});

/** What the loss fuzz needs to know of one loss. */
interface LossSpec {
  name: string;
  f: Loose;
  /** Per-example losses: one per slice (softmax losses) or one per logit (sigmoid). */
  perLogit: boolean;
  /** Valid labels and the loss' own options for a layout, with the pieces the checks need. */
  arbitrary: (l: Layout) => fc.Arbitrary<LossDraw>;
  /** The loss' own faults: each changes the options and says why the call is invalid (undefined: not applicable). */
  faults: Record<string, (options: Record<string, unknown>, l: Layout) => string | undefined>;
}

interface LossDraw {
  labels: unknown;
  options: Record<string, unknown>;
  /** Whether example s's loss is NaN (SPEC §3 and the loss' documentation), given the logits read. */
  nan: (logits: readonly number[], s: number) => boolean;
  /** Whether example s is left out (ignoreIndex): loss 0, gradient 0. */
  ignored: (s: number) => boolean;
  /** The denominator of the mean. */
  denominator: number;
}

const COMMON_LOSS_FAULTS = ["labelsLength", "reduction", "outWithSum", "outLength", "gradLength", "gradOverlap", "unknownKey", "notAnObject"];

/** Registers the fuzz property of one loss. */
function lossFuzz(spec: LossSpec): void {
  it("NaN exactly where documented, losses ≥ 0, reductions and gradients consistent; faults throw and write nothing", () => {
    const input = classLayout.chain((l) =>
      fc.record({
        l: fc.constant(l),
        values: fc.array(domainDouble, { minLength: l.length, maxLength: l.length }),
        k: kind,
        draw: spec.arbitrary(l),
        reduction: fc.constantFrom(undefined, "none", "sum", "mean"),
        withOut: fc.boolean(),
        withGrad: fc.boolean(),
        fault: axisFault([...COMMON_LOSS_FAULTS, ...Object.keys(spec.faults)]),
      }),
    );
    fc.assert(
      fc.property(input, ({ l, values, k, draw, reduction, withOut, withGrad, fault }) => {
        const logits = asKind(values, k);
        const widened = read(logits);
        const count = spec.perLogit ? l.length : l.outer * l.inner;
        const none = reduction === undefined || reduction === "none";
        const options: Record<string, unknown> = { logits, labels: draw.labels, ...draw.options, ...layoutOptions(l, undefined) };
        if (reduction !== undefined) options["reduction"] = reduction;
        const out = withOut && none ? sentinel(count) : undefined;
        if (out !== undefined) options["out"] = out;
        const grad = withGrad ? sentinel(l.length) : undefined;
        if (grad !== undefined) options["grad"] = grad;
        const bad = layoutFault(l, fault);
        const faulty = { ...options, ...layoutOptions(l, bad) };
        let invalid = bad?.invalid;
        switch (fault) {
          case "labelsLength":
            faulty["labels"] = new Array<number>((draw.labels as ArrayLike<number>).length + 1).fill(0);
            invalid = "labels length";
            break;
          case "reduction":
            faulty["reduction"] = "avg";
            invalid = "bad reduction";
            break;
          case "outWithSum":
            faulty["reduction"] = "sum";
            faulty["out"] = sentinel(count);
            invalid = "out with 'sum'";
            break;
          case "outLength":
            faulty["reduction"] = "none";
            faulty["out"] = sentinel(count + 1);
            invalid = "out length";
            break;
          case "gradLength":
            faulty["grad"] = sentinel(l.length + 1);
            invalid = "grad length";
            break;
          case "gradOverlap":
            if (k === "Float64Array" && l.length > 0) {
              faulty["grad"] = logits;
              invalid = "grad is the logits";
            }
            break;
          case "unknownKey":
            faulty["label"] = draw.labels;
            invalid = "unknown option";
            break;
          case "notAnObject":
            invalid = "options not an object";
            break;
          default:
            if (fault in spec.faults) invalid = spec.faults[fault]!(faulty, l);
        }
        const outputs = [faulty["out"], faulty["grad"]].filter((o): o is Float64Array => o instanceof Float64Array && o !== logits);
        const inputs = [logits, draw.labels, draw.options["weights"], draw.options["posWeight"]].filter(
          (a): a is ArrayLike<number> => typeof a === "object" && a !== null && a !== logits,
        );
        if (!(fault === "gradOverlap" && invalid !== undefined)) inputs.push(logits as ArrayLike<number>);
        runTrial({
          call: () => spec.f(fault === "notAnObject" ? logits : faulty),
          invalid,
          inputs,
          outputs,
          check: (result) => {
            const perExample = spec.f({ ...options, reduction: "none", out: undefined, grad: undefined }) as Float64Array;
            for (let s = 0; s < count; s++) {
              const v = perExample[s]!;
              if (draw.ignored(s)) expect(v).toBe(0);
              else if (draw.nan(widened, s)) expect(v).toBeNaN();
              else expect(v >= 0).toBe(true);
            }
            if (none) {
              expect(bitsEqual(result as Float64Array, perExample)).toBe(true);
              if (out !== undefined) expect(result).toBe(out);
            } else {
              const list = Array.from(perExample);
              const total = list.reduce((a, b) => a + b, 0);
              const magnitude = list.reduce((a, b) => a + Math.abs(b), 0) * (count + 2) * 2 ** -52;
              const mean = reduction === "mean";
              // A mean over a total weight of 0 is the sum divided by 0, as PyTorch's (0/0 = NaN).
              const expected = mean ? total / draw.denominator : total;
              const slack = mean ? magnitude / draw.denominator + Math.abs(expected) * 2 ** -52 : magnitude;
              if (!Number.isFinite(expected)) expect(result).toBe(expected);
              else expect(Math.abs((result as number) - expected)).toBeLessThanOrEqual(slack + 2 ** -1022);
            }
            if (grad === undefined) return;
            const sumGrad = new Float64Array(l.length);
            spec.f({ ...options, reduction: "sum", out: undefined, grad: sumGrad });
            const noneGrad = new Float64Array(l.length);
            spec.f({ ...options, reduction: "none", out: undefined, grad: noneGrad });
            // The gradient of 'none' is that of the sum, bit for bit; the mean's is the sum's divided by the denominator.
            expect(bitsEqual(sumGrad, noneGrad)).toBe(true);
            if (reduction === "mean") {
              for (let i = 0; i < l.length; i++) {
                const expected = sumGrad[i]! / draw.denominator;
                if (!Number.isFinite(expected)) continue;
                expect(Math.abs(grad[i]! - expected)).toBeLessThanOrEqual(Math.abs(expected) * 2 ** -50 + 2 ** -1022);
              }
            } else {
              expect(bitsEqual(grad, sumGrad)).toBe(true);
            }
            for (let s = 0; s < count; s++) {
              const at = spec.perLogit ? [s] : sliceIndices(l, s);
              const g = at.map((i) => sumGrad[i]!);
              if (draw.ignored(s)) expect(g.every((v) => v === 0)).toBe(true);
              else if (draw.nan(widened, s)) expect(g.every(isNaN)).toBe(true);
              else expect(g.every(Number.isFinite)).toBe(true);
            }
          },
        });
      }),
      { numRuns: RUNS },
    );
  });
}

/** Probability labels: mostly in [0, 1] (edges included), sometimes NaN. */
const probabilityLabel = fc.oneof(
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 6 },
  { arbitrary: fc.constantFrom(0, 1, 5e-324, 1 - 2 ** -53, 0.5), weight: 3 },
  { arbitrary: fc.constant(NaN), weight: 1 },
);

/** Class weights: non-negative finite, zeros included. */
const classWeights = (n: number): fc.Arbitrary<number[] | undefined> =>
  fc.option(fc.array(fc.oneof(fc.constantFrom(0, 1, 5e-324, 1e300), fc.double({ min: 0, max: 10, noNaN: true })), { minLength: n, maxLength: n }), {
    nil: undefined,
  });

const smoothing = fc.option(fc.oneof(fc.constantFrom(0, 1, 0.1), fc.double({ min: 0, max: 1, noNaN: true })), { nil: undefined });

/** The softmax losses' faults of their class weights and smoothing. */
const SOFTMAX_LOSS_FAULTS: LossSpec["faults"] = {
  weightsLength: (o, l) => ((o["weights"] = new Array<number>(l.n + 1).fill(1)), "weights length"),
  weightsNegative: (o, l) => ((o["weights"] = new Array<number>(l.n).fill(-1)), "negative weight"),
  weightsNaN: (o, l) => ((o["weights"] = new Array<number>(l.n).fill(NaN)), "NaN weight"),
  smoothing: (o) => ((o["labelSmoothing"] = 1.5), "smoothing outside [0, 1]"),
  smoothingType: (o) => ((o["labelSmoothing"] = "0.1"), "smoothing not a number"),
};

/** A row's logits, read from the flat logits. */
function rowOf(l: Layout, logits: readonly number[], s: number): number[] {
  return sliceIndices(l, s).map((i) => logits[i]!);
}

/** Where SPEC puts NaN for a softmax loss' example: NaN logits, or no finite maximum among −∞ (all −∞). */
function softmaxRowNaN(row: readonly number[]): boolean {
  return row.some(isNaN) || Math.max(...row) === -Infinity;
}

describe("sparseSoftmaxCrossEntropyWithLogits: the whole double domain, every form", () => {
  lossFuzz({
    name: "sparseSoftmaxCrossEntropyWithLogits",
    f: sparseSoftmaxCrossEntropyWithLogits as Loose,
    perLogit: false,
    arbitrary: (l) => {
      const examples = l.outer * l.inner;
      return fc
        .record({
          labels: fc.array(fc.integer({ min: -1, max: l.n - 1 }), { minLength: examples, maxLength: examples }),
          labelKind: fc.constantFrom("Int32Array", "Uint32Array", "number[]"),
          ignore: fc.boolean(),
          weights: classWeights(l.n),
          eps: smoothing,
        })
        .map(({ labels, labelKind, ignore, weights, eps }) => {
          // −1 is the ignore index when there is one, else a valid class (0).
          const ignoreIndex = labelKind === "Uint32Array" ? 2 ** 32 - 1 : -1;
          const raw = labels.map((y) => (y === -1 ? (ignore ? ignoreIndex : 0) : y));
          const typed = labelKind === "Int32Array" ? Int32Array.from(raw) : labelKind === "Uint32Array" ? Uint32Array.from(raw) : raw;
          const options: Record<string, unknown> = {};
          if (ignore) options["ignoreIndex"] = ignoreIndex;
          if (weights !== undefined) options["weights"] = weights;
          if (eps !== undefined) options["labelSmoothing"] = eps;
          const ignored = (s: number): boolean => ignore && raw[s] === ignoreIndex;
          const denominator = raw.reduce((a, y, s) => a + (ignored(s) ? 0 : weights === undefined ? 1 : weights[y]!), 0);
          return {
            labels: typed,
            options,
            ignored,
            denominator,
            nan: (logits: readonly number[], s: number) => softmaxRowNaN(rowOf(l, logits, s)),
          };
        });
    },
    faults: {
      ...SOFTMAX_LOSS_FAULTS,
      labelRange: (o, l) => (l.outer * l.inner === 0 ? undefined : ((o["labels"] = new Array<number>(l.outer * l.inner).fill(l.n)), "label ≥ classes")),
      labelFraction: (o, l) => (l.outer * l.inner === 0 ? undefined : ((o["labels"] = new Array<number>(l.outer * l.inner).fill(0.5)), "fractional label")),
      labelType: (o) => ((o["labels"] = new Float64Array((o["labels"] as ArrayLike<number>).length)), "labels a Float64Array"),
      ignoreIndexType: (o) => ((o["ignoreIndex"] = "-1"), "ignoreIndex not a number"),
    },
  });
});

describe("softmaxCrossEntropyWithLogits: the whole double domain, every form", () => {
  lossFuzz({
    name: "softmaxCrossEntropyWithLogits",
    f: softmaxCrossEntropyWithLogits as Loose,
    perLogit: false,
    arbitrary: (l) =>
      fc
        .record({
          labels: fc.array(probabilityLabel, { minLength: l.length, maxLength: l.length }),
          labelKind: kind,
          weights: classWeights(l.n),
          eps: smoothing,
        })
        .map(({ labels, labelKind, weights, eps }) => {
          const options: Record<string, unknown> = {};
          if (weights !== undefined) options["weights"] = weights;
          if (eps !== undefined) options["labelSmoothing"] = eps;
          const z = read(asKind(labels, labelKind));
          return {
            labels: asKind(labels, labelKind),
            options,
            ignored: () => false,
            denominator: l.outer * l.inner,
            // NaN logits, all −∞, or a NaN label whose class weight is not 0.
            nan: (logits: readonly number[], s: number) =>
              softmaxRowNaN(rowOf(l, logits, s)) || sliceIndices(l, s).some((i, c) => isNaN(z[i]!) && (weights === undefined || weights[c] !== 0)),
          };
        }),
    faults: SOFTMAX_LOSS_FAULTS,
  });
});

describe("sigmoidCrossEntropyWithLogits: the whole double domain, every form", () => {
  lossFuzz({
    name: "sigmoidCrossEntropyWithLogits",
    f: sigmoidCrossEntropyWithLogits as Loose,
    perLogit: true,
    arbitrary: (l) =>
      fc
        .record({
          labels: fc.array(probabilityLabel, { minLength: l.length, maxLength: l.length }),
          labelKind: kind,
          posWeight: fc.oneof(
            fc.constant(undefined),
            fc.constantFrom(0, 1, 3, 1e300),
            fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: l.n, maxLength: l.n }),
          ),
        })
        .map(({ labels, labelKind, posWeight }) => {
          const z = read(asKind(labels, labelKind));
          return {
            labels: asKind(labels, labelKind),
            options: posWeight === undefined ? {} : { posWeight },
            ignored: () => false,
            denominator: l.length,
            nan: (logits: readonly number[], i: number) => isNaN(logits[i]!) || isNaN(z[i]!),
          };
        }),
    faults: {
      posWeightNegative: (o) => ((o["posWeight"] = -1), "negative posWeight"),
      posWeightLength: (o, l) => ((o["posWeight"] = new Array<number>(l.n + 1).fill(1)), "posWeight length"),
      posWeightType: (o) => ((o["posWeight"] = "1"), "posWeight not a number"),
    },
  });
});
