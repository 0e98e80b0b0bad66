/**
 * Bad arguments, export by export (SPEC §3): each is a RangeError or TypeError
 * whose message names the argument and the value, and nothing is written to a
 * caller's buffer. The fuzz suite (fuzz.test.ts) throws random faults at every
 * form; this table pins the message of each kind of fault.
 */
import { describe, expect, it } from "vitest";
import * as logits from "../src/index.js";

type Loose = (...args: unknown[]) => unknown;
const f = logits as unknown as Record<string, Loose>;

/** [what is wrong, the call, the error it must throw]. */
type Case = [string, () => unknown, Error];

const ELEMENTWISE = ["sigmoid", "logSigmoid", "softplus", "logit"] as const;
const ARRAY_KINDS = "a number, Float64Array, Float32Array or number[]";

function elementwiseCases(name: string): Case[] {
  const g = f[name]!;
  const buffer = new Float64Array(4);
  return [
    ["a string", () => g("0.5"), new TypeError(`${name}: x must be ${ARRAY_KINDS}; got a string ("0.5")`)],
    ["an object", () => g({ length: 1 }), new TypeError(`${name}: x must be ${ARRAY_KINDS}; got an object`)],
    ["null", () => g(null), new TypeError(`${name}: x must be ${ARRAY_KINDS}; got null`)],
    ["undefined", () => g(undefined), new TypeError(`${name}: x must be ${ARRAY_KINDS}; got undefined`)],
    ["a BigInt", () => g(3n), new TypeError(`${name}: x must be ${ARRAY_KINDS}; got a bigint (3n)`)],
    ["an Int32Array", () => g(new Int32Array(2)), new TypeError(`${name}: x must be ${ARRAY_KINDS}; got an Int32Array of length 2`)],
    ["a Uint8Array", () => g(new Uint8Array(2)), new TypeError(`${name}: x must be ${ARRAY_KINDS}; got a Uint8Array of length 2`)],
    ["a non-number element", () => g([0.5, "1"]), new TypeError(`${name}: x[1] must be a number; got a string ("1")`)],
    ["out too short", () => g([0.5, 0.5], { out: new Float64Array(1) }), new RangeError(`${name}: out has length 1 but x has length 2`)],
    ["out a Float32Array", () => g([0.5], { out: new Float32Array(1) }), new TypeError(`${name}: out must be a Float64Array; got a Float32Array of length 1`)],
    ["out a number[]", () => g([0.5], { out: [0] }), new TypeError(`${name}: out must be a Float64Array; got an array of length 1`)],
    [
      "out overlapping x at another offset",
      () => g(buffer.subarray(0, 3), { out: buffer.subarray(1, 4) }),
      new RangeError(`${name}: out overlaps x at another offset (for in place, pass x itself)`),
    ],
    ["options a number", () => g([0.5], 5), new TypeError(`${name}: options must be an object; got a number (5)`)],
    ["options an array", () => g([0.5], [1]), new TypeError(`${name}: options must be an object; got an array of length 1`)],
    ["options a second input", () => g([0.5], new Float64Array(1)), new TypeError(`${name}: options must be an object; got a Float64Array of length 1`)],
    [
      "a misspelt option",
      () => g([0.5], { Out: new Float64Array(1) }),
      new TypeError(`${name}: unknown option 'Out'; the options are ${name === "logit" ? "eps, out" : "out"}`),
    ],
    [
      "out with a number",
      () => g(0.5, { out: new Float64Array(1) }),
      new TypeError(`${name}: unknown option 'out' for a number ${name === "logit" ? "p" : "x"}; the options are ${name === "logit" ? "eps" : "none"}`),
    ],
  ];
}

const LOGIT_CASES: Case[] = [
  ["eps negative", () => f["logit"]!(0.5, { eps: -0.1 }), new RangeError("logit: eps must be in [0, 0.5]; got -0.1")],
  ["eps above 0.5", () => f["logit"]!([0.5], { eps: 0.6 }), new RangeError("logit: eps must be in [0, 0.5]; got 0.6")],
  ["eps NaN", () => f["logit"]!(0.5, { eps: NaN }), new RangeError("logit: eps must be in [0, 0.5]; got NaN")],
  ["eps a string", () => f["logit"]!(0.5, { eps: "0.1" }), new TypeError('logit: eps must be a number; got a string ("0.1")')],
];

function axisCases(name: "softmax" | "logSoftmax" | "logSumExp"): Case[] {
  const g = f[name]!;
  const x = [1, 2, 3, 4, 5, 6];
  const cases: Case[] = [
    ["x a string", () => g("1,2"), new TypeError(`${name}: x must be ${ARRAY_KINDS}; got a string ("1,2")`)],
    ["x an Int32Array", () => g(new Int32Array(3)), new TypeError(`${name}: x must be ${ARRAY_KINDS}; got an Int32Array of length 3`)],
    ["x null", () => g(null), new TypeError(`${name}: x must be ${ARRAY_KINDS}; got null`)],
    ["shape not an array", () => g(x, { shape: 6 }), new TypeError(`${name}: shape must be an array of integers; got a number (6)`)],
    ["shape's product", () => g(x, { shape: [4, 2] }), new RangeError(`${name}: shape [4, 2] has 8 elements but x has length 6`)],
    ["a negative dimension", () => g(x, { shape: [-2, -3] }), new RangeError(`${name}: shape[0] must be a non-negative integer; got -2`)],
    ["a fractional dimension", () => g(x, { shape: [2, 3.5] }), new RangeError(`${name}: shape[1] must be a non-negative integer; got 3.5`)],
    ["a NaN dimension", () => g(x, { shape: [NaN] }), new RangeError(`${name}: shape[0] must be a non-negative integer; got NaN`)],
    ["an infinite dimension", () => g(x, { shape: [Infinity] }), new RangeError(`${name}: shape[0] must be a non-negative integer; got Infinity`)],
    ["a string dimension", () => g(x, { shape: ["6"] }), new RangeError(`${name}: shape[0] must be a non-negative integer; got a string ("6")`)],
    ["axis out of range", () => g(x, { shape: [2, 3], axis: 2 }), new RangeError(`${name}: axis 2 is out of range for a shape of rank 2 (axes -2 to 1)`)],
    ["axis below range", () => g(x, { shape: [2, 3], axis: -3 }), new RangeError(`${name}: axis -3 is out of range for a shape of rank 2 (axes -2 to 1)`)],
    ["a fractional axis", () => g(x, { shape: [2, 3], axis: 0.5 }), new RangeError(`${name}: axis 0.5 is out of range for a shape of rank 2 (axes -2 to 1)`)],
    ["axis a string", () => g(x, { shape: [2, 3], axis: "0" }), new TypeError(`${name}: axis must be an integer; got a string ("0")`)],
    ["rank 0", () => g([1], { shape: [] }), new RangeError(`${name}: axis -1 is out of range for a shape of rank 0 (a scalar has no axis)`)],
    ["options a string", () => g(x, "axis"), new TypeError(`${name}: options must be an object; got a string ("axis")`)],
  ];
  if (name === "logSumExp") {
    const y = new Float64Array(6);
    return [
      ...cases,
      ["a misspelt option", () => g(x, { axes: 0 }), new TypeError("logSumExp: unknown option 'axes'; the options are shape, axis, out, b, returnSign, signOut")],
      ["out per slice too long", () => g(x, { shape: [2, 3], out: new Float64Array(3) }), new RangeError("logSumExp: out has length 3 but the number of slices has length 2")],
      ["b too short", () => g(x, { b: [1, 2] }), new RangeError("logSumExp: b has length 2 but x has length 6")],
      ["b an Int32Array", () => g(x, { b: new Int32Array(6) }), new TypeError(`logSumExp: b must be ${ARRAY_KINDS}; got an Int32Array of length 6`)],
      ["returnSign a string", () => g(x, { returnSign: "yes" }), new TypeError('logSumExp: returnSign must be a boolean; got a string ("yes")')],
      ["signOut without returnSign", () => g(x, { signOut: new Float64Array(1) }), new TypeError("logSumExp: signOut holds the signs and needs returnSign: true")],
      ["out inside x", () => g(y, { shape: [2, 3], out: y.subarray(0, 2) }), new RangeError("logSumExp: out must not share memory with the inputs")],
      ["signOut inside b", () => g(x, { b: y, returnSign: true, signOut: y.subarray(5) }), new RangeError("logSumExp: signOut must not share memory with the inputs")],
      ["out and signOut one array", () => g(x, { returnSign: true, out: y.subarray(0, 1), signOut: y.subarray(0, 1) }), new RangeError("logSumExp: out and signOut must not share memory")],
    ];
  }
  const buffer = new Float64Array(7);
  return [
    ...cases,
    ["a misspelt option", () => g(x, { axes: 0 }), new TypeError(`${name}: unknown option 'axes'; the options are shape, axis, out, temperature`)],
    ["out too short", () => g(x, { out: new Float64Array(5) }), new RangeError(`${name}: out has length 5 but x has length 6`)],
    ["out overlapping x", () => g(buffer.subarray(1), { out: buffer.subarray(0, 6) }), new RangeError(`${name}: out overlaps x at another offset (for in place, pass x itself)`)],
    ["temperature 0", () => g(x, { temperature: 0 }), new RangeError(`${name}: temperature must be a positive finite number; got 0`)],
    ["temperature a string", () => g(x, { temperature: "2" }), new TypeError(`${name}: temperature must be a number; got a string ("2")`)],
  ];
}

const OWN_LOSS_OPTIONS = {
  sparseSoftmaxCrossEntropyWithLogits: "weights, labelSmoothing, ignoreIndex",
  softmaxCrossEntropyWithLogits: "weights, labelSmoothing",
  sigmoidCrossEntropyWithLogits: "posWeight",
};

function lossCases(name: "sparseSoftmaxCrossEntropyWithLogits" | "softmaxCrossEntropyWithLogits" | "sigmoidCrossEntropyWithLogits"): Case[] {
  const g = f[name]!;
  const sparse = name === "sparseSoftmaxCrossEntropyWithLogits";
  const x = Float64Array.of(1, 2, 3, 4, 5, 6);
  const labels = sparse ? [0, 2] : [0, 0, 1, 1, 0, 0];
  const base = { logits: x, labels, shape: [2, 3] };
  const cases: Case[] = [
    ["options missing", () => g(), new TypeError(`${name}: expects one options object { logits, labels, … }; got undefined`)],
    ["logits by position", () => g(x, labels), new TypeError(`${name}: expects one options object { logits, labels, … }; got a Float64Array of length 6`)],
    ["logits a string", () => g({ ...base, logits: "x" }), new TypeError(`${name}: logits must be ${ARRAY_KINDS}; got a string ("x")`)],
    ["logits an Int32Array", () => g({ ...base, logits: new Int32Array(6) }), new TypeError(`${name}: logits must be ${ARRAY_KINDS}; got an Int32Array of length 6`)],
    ["shape's product", () => g({ ...base, shape: [3, 3] }), new RangeError(`${name}: shape [3, 3] has 9 elements but logits has length 6`)],
    ["axis out of range", () => g({ ...base, axis: 5 }), new RangeError(`${name}: axis 5 is out of range for a shape of rank 2 (axes -2 to 1)`)],
    ["reduction misspelt", () => g({ ...base, reduction: "avg" }), new RangeError(`${name}: reduction must be 'none', 'sum' or 'mean'; got 'avg'`)],
    ["reduction a number", () => g({ ...base, reduction: 1 }), new TypeError(`${name}: reduction must be a string; got a number (1)`)],
    ["out with 'mean'", () => g({ ...base, reduction: "mean", out: new Float64Array(2) }), new TypeError(`${name}: out holds per-example losses and needs reduction 'none'; got 'mean'`)],
    ["grad too short", () => g({ ...base, grad: new Float64Array(5) }), new RangeError(`${name}: grad has length 5 but logits has length 6`)],
    ["grad the logits", () => g({ ...base, grad: x }), new RangeError(`${name}: grad must not share memory with the inputs`)],
    ["out and grad one buffer", () => {
      const buffer = new Float64Array(12);
      return g({ ...base, out: buffer.subarray(0, sparse || name === "softmaxCrossEntropyWithLogits" ? 2 : 6), grad: buffer.subarray(0, 6) });
    }, new RangeError(`${name}: out and grad must not share memory`)],
    ["a misspelt option", () => g({ ...base, weight: [1, 1, 1] }), new TypeError(`${name}: unknown option 'weight'; the options are logits, labels, shape, axis, reduction, out, grad, ${OWN_LOSS_OPTIONS[name]}`)],
  ];
  if (sparse) {
    return [
      ...cases,
      ["labels a Float64Array", () => g({ ...base, labels: Float64Array.of(0, 2) }), new TypeError(`${name}: labels must be an Int32Array, Uint32Array or number[]; got a Float64Array of length 2`)],
      ["labels too many", () => g({ ...base, labels: [0, 1, 2] }), new RangeError(`${name}: labels has length 3 but there are 2 examples (logits without the class axis)`)],
      ["ignoreIndex a string", () => g({ ...base, ignoreIndex: "1" }), new TypeError(`${name}: ignoreIndex must be a number; got a string ("1")`)],
      ["a label ≥ classes", () => g({ ...base, labels: [0, 3] }), new RangeError(`${name}: labels[1] is 3, outside the classes [0, 3)`)],
      ["a negative label", () => g({ ...base, labels: [-1, 0] }), new RangeError(`${name}: labels[0] is -1, outside the classes [0, 3)`)],
      ["a label outside the classes with an ignoreIndex", () => g({ ...base, labels: [-1, 0], ignoreIndex: -100 }), new RangeError(`${name}: labels[0] is -1, outside the classes [0, 3) or the ignoreIndex -100`)],
      ["a NaN label (ignoreIndex absent, which no label equals)", () => g({ ...base, labels: [NaN, 0] }), new RangeError(`${name}: labels[0] must be an integer class index; got NaN`)],
      ["a fractional label", () => g({ ...base, labels: [0, 1.5] }), new RangeError(`${name}: labels[1] must be an integer class index; got 1.5`)],
      ["weights too short", () => g({ ...base, weights: [1, 1] }), new RangeError(`${name}: weights has length 2 but the number of classes is 3`)],
      ["a negative weight", () => g({ ...base, weights: [1, -1, 1] }), new RangeError(`${name}: weights[1] must be non-negative and finite; got -1`)],
      ["labelSmoothing above 1", () => g({ ...base, labelSmoothing: 1.5 }), new RangeError(`${name}: labelSmoothing must be in [0, 1]; got 1.5`)],
    ];
  }
  if (name === "softmaxCrossEntropyWithLogits") {
    return [
      ...cases,
      ["labels too short", () => g({ ...base, labels: [0, 1] }), new RangeError(`${name}: labels has length 2 but logits has length 6`)],
      ["labels an Int32Array", () => g({ ...base, labels: new Int32Array(6) }), new TypeError(`${name}: labels must be ${ARRAY_KINDS}; got an Int32Array of length 6`)],
      ["weights too long", () => g({ ...base, weights: [1, 1, 1, 1] }), new RangeError(`${name}: weights has length 4 but the number of classes is 3`)],
      ["a NaN weight", () => g({ ...base, weights: [1, NaN, 1] }), new RangeError(`${name}: weights[1] must be non-negative and finite; got NaN`)],
      ["labelSmoothing negative", () => g({ ...base, labelSmoothing: -0.1 }), new RangeError(`${name}: labelSmoothing must be in [0, 1]; got -0.1`)],
      ["labels sharing out", () => {
        const labelsBuffer = Float64Array.of(0, 0, 1, 1, 0, 0);
        return g({ ...base, labels: labelsBuffer, out: labelsBuffer.subarray(0, 2) });
      }, new RangeError(`${name}: out must not share memory with the inputs`)],
    ];
  }
  return [
    ...cases,
    ["labels too short", () => g({ ...base, labels: [0, 1] }), new RangeError(`${name}: labels has length 2 but logits has length 6`)],
    ["posWeight negative", () => g({ ...base, posWeight: -1 }), new RangeError(`${name}: posWeight must be non-negative and finite; got -1`)],
    ["posWeight per class too short", () => g({ ...base, posWeight: [1, 2] }), new RangeError(`${name}: posWeight has length 2 but the number of classes (along the axis) is 3`)],
    ["posWeight a string", () => g({ ...base, posWeight: "2" }), new TypeError(`${name}: posWeight must be a number or an array; got a string ("2")`)],
  ];
}

const TABLE: [string, Case[]][] = [
  ...ELEMENTWISE.map((name): [string, Case[]] => [name, elementwiseCases(name)]),
  ["logit (eps)", LOGIT_CASES],
  ["softmax", axisCases("softmax")],
  ["logSoftmax", axisCases("logSoftmax")],
  ["logSumExp", axisCases("logSumExp")],
  ["sparseSoftmaxCrossEntropyWithLogits", lossCases("sparseSoftmaxCrossEntropyWithLogits")],
  ["softmaxCrossEntropyWithLogits", lossCases("softmaxCrossEntropyWithLogits")],
  ["sigmoidCrossEntropyWithLogits", lossCases("sigmoidCrossEntropyWithLogits")],
];

describe.each(TABLE)("%s: bad arguments", (_, cases) => {
  it.each(cases)("%s", (_what, call, error) => {
    expect(call).toThrow(error);
  });
});

describe("zero-sized shapes are valid, not errors", () => {
  it("softmax, logSoftmax and logSumExp of [2, 0], [0, 3] and [0]", () => {
    expect(logits.softmax([], { shape: [2, 0] })).toEqual(new Float64Array(0));
    expect(logits.logSoftmax([], { shape: [0, 3], axis: 0 })).toEqual(new Float64Array(0));
    expect(Array.from(logits.logSumExp([], { shape: [2, 0] }))).toEqual([-Infinity, -Infinity]);
    expect(Array.from(logits.logSumExp([], { shape: [0, 2], axis: 0 }))).toEqual([-Infinity, -Infinity]);
    expect(logits.logSumExp([], { shape: [0] })).toEqual(new Float64Array([-Infinity]));
  });

  it("the losses with no examples: an empty 'none', a sum of 0, a mean of 0/0", () => {
    const none = { logits: [], shape: [0, 3] };
    expect(logits.sparseSoftmaxCrossEntropyWithLogits({ ...none, labels: [] })).toEqual(new Float64Array(0));
    expect(logits.softmaxCrossEntropyWithLogits({ ...none, labels: [], reduction: "sum" })).toBe(0);
    expect(logits.sigmoidCrossEntropyWithLogits({ ...none, labels: [], reduction: "mean" })).toBeNaN();
  });
});
