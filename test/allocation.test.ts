/**
 * SPEC §2: with `out` (and `grad`) given, a call allocates nothing that grows
 * with the input. Measured as the growth of the process' ArrayBuffer memory over
 * calls on 10^6 elements (8 MB per array if one were allocated). Node only
 * (process.memoryUsage): the browser run leaves this file out.
 */
import { describe, expect, it } from "vitest";
import type { RealArray } from "../src/index.js";
import {
  logit,
  logSigmoid,
  logSoftmax,
  logSumExp,
  sigmoid,
  sigmoidCrossEntropyWithLogits,
  softmax,
  softmaxCrossEntropyWithLogits,
  softplus,
  sparseSoftmaxCrossEntropyWithLogits,
} from "../src/index.js";

const n = 1_000_000;
const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 10);
const labels = Float64Array.from({ length: n }, (_, i) => (i % 10 === 3 ? 1 : 0));
const classes = Int32Array.from({ length: n / 10 }, () => 3);
const out = new Float64Array(n);
const grad = new Float64Array(n);
const perRow = new Float64Array(n / 10);
const shape = [n / 10, 10];

const p = Float64Array.from(x, (v) => 1 / (1 + Math.exp(-v)));
const kinds = (a: Float64Array): [string, RealArray][] => [
  ["Float64Array", a],
  ["Float32Array", Float32Array.from(a)],
  ["number[]", Array.from(a)],
];
const elementwise: [string, (v: RealArray, o: { out: Float64Array }) => unknown, Float64Array][] = [
  ["sigmoid", sigmoid, x],
  ["logit", logit, p],
  ["softplus", softplus, x],
  ["logSigmoid", logSigmoid, x],
];

const calls: Record<string, () => unknown> = {
  ...Object.fromEntries(
    elementwise.flatMap(([name, f, input]) => kinds(input).map(([kind, v]) => [`${name} (${kind})`, () => f(v, { out })])),
  ),
  softmax: () => softmax(x, { shape, out }),
  "softmax, axis 0": () => softmax(x, { shape, axis: 0, out }),
  logSoftmax: () => logSoftmax(x, { shape, out }),
  logSumExp: () => logSumExp(x, { shape, out: perRow }),
  "sparse CE + grad": () => sparseSoftmaxCrossEntropyWithLogits({ logits: x, labels: classes, shape, out: perRow, grad }),
  "sparse CE mean + grad": () => sparseSoftmaxCrossEntropyWithLogits({ logits: x, labels: classes, shape, reduction: "mean", grad }),
  "dense CE + grad": () => softmaxCrossEntropyWithLogits({ logits: x, labels, shape, out: perRow, grad }),
  "sigmoid CE + grad": () => sigmoidCrossEntropyWithLogits({ logits: x, labels, out, grad }),
};

describe("allocation with out and grad", () => {
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: no ArrayBuffer growth over calls on 10^6 elements`, () => {
      call(); // warm up: compile before measuring
      for (let k = 0; k < 3; k++) {
        const before = process.memoryUsage().arrayBuffers;
        call();
        expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024);
      }
    });
  }

  it("the measurement sees an allocation of the output's size", () => {
    const before = process.memoryUsage().arrayBuffers;
    const fresh = softmax(x, { shape });
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThanOrEqual(8 * n);
    expect(fresh.length).toBe(n);
  });
});
