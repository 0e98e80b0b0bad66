/**
 * End to end: the losses' gradients train small models by plain gradient
 * descent on separable toy data (the loss falls, every point ends classified).
 */
import { describe, expect, it } from "vitest";
import { sigmoidCrossEntropyWithLogits } from "../src/sigmoidCrossEntropyWithLogits.js";
import { softmaxCrossEntropyWithLogits } from "../src/softmaxCrossEntropyWithLogits.js";
import { sparseSoftmaxCrossEntropyWithLogits } from "../src/sparseSoftmaxCrossEntropyWithLogits.js";

/** Three well-separated clusters in the plane, 30 points each, from a fixed LCG. */
function clusters(): { points: number[][]; labels: number[] } {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const centres = [
    [0, 3],
    [3, -2],
    [-3, -2],
  ];
  const points: number[][] = [];
  const labels: number[] = [];
  centres.forEach(([cx, cy], k) => {
    for (let i = 0; i < 30; i++) {
      points.push([cx! + random() - 0.5, cy! + random() - 0.5]);
      labels.push(k);
    }
  });
  return { points, labels };
}

/** Softmax regression: logits = W x + b, W of 3 × 2, trained with the gradient of the mean loss. */
function trainSoftmax(loss: (logits: Float64Array, grad: Float64Array) => number) {
  const { points, labels } = clusters();
  const n = points.length;
  const W = new Float64Array(6);
  const b = new Float64Array(3);
  const logits = new Float64Array(n * 3);
  const grad = new Float64Array(n * 3);
  const history: number[] = [];
  for (let step = 0; step < 300; step++) {
    points.forEach(([x, y], i) => {
      for (let k = 0; k < 3; k++) logits[i * 3 + k] = W[k * 2]! * x! + W[k * 2 + 1]! * y! + b[k]!;
    });
    history.push(loss(logits, grad));
    points.forEach(([x, y], i) => {
      for (let k = 0; k < 3; k++) {
        const g = grad[i * 3 + k]!;
        W[k * 2] = W[k * 2]! - 0.5 * g * x!;
        W[k * 2 + 1] = W[k * 2 + 1]! - 0.5 * g * y!;
        b[k] = b[k]! - 0.5 * g;
      }
    });
  }
  const correct = points.filter((_, i) => {
    const row = [0, 1, 2].map((k) => logits[i * 3 + k]!);
    return row.indexOf(Math.max(...row)) === labels[i];
  }).length;
  return { history, accuracy: correct / n };
}

describe("training with the gradients", () => {
  it("sparse softmax cross-entropy: loss falls by 100×, every point classified", () => {
    const { labels } = clusters();
    const { history, accuracy } = trainSoftmax((logits, grad) =>
      sparseSoftmaxCrossEntropyWithLogits({ logits, labels, shape: [labels.length, 3], reduction: "mean", grad }),
    );
    expect(history[0]).toBeCloseTo(Math.log(3), 12);
    expect(history.at(-1)!).toBeLessThan(history[0]! / 100);
    for (let i = 1; i < history.length; i++) expect(history[i]!).toBeLessThanOrEqual(history[i - 1]!);
    expect(accuracy).toBe(1);
  });

  it("dense softmax cross-entropy with one-hot labels trains the same model, step for step", () => {
    const { labels } = clusters();
    const onehot = labels.flatMap((k) => [0, 1, 2].map((c) => (c === k ? 1 : 0)));
    const sparse = trainSoftmax((logits, grad) => sparseSoftmaxCrossEntropyWithLogits({ logits, labels, shape: [labels.length, 3], reduction: "mean", grad }));
    const dense = trainSoftmax((logits, grad) => softmaxCrossEntropyWithLogits({ logits, labels: onehot, shape: [labels.length, 3], reduction: "mean", grad }));
    expect(dense.history).toEqual(sparse.history);
    expect(dense.accuracy).toBe(1);
  });

  it("sigmoid cross-entropy: logistic regression separates two clusters", () => {
    const { points, labels } = clusters();
    const keep = labels.map((_, i) => i).filter((i) => labels[i] !== 2);
    const z = keep.map((i) => (labels[i] === 0 ? 1 : 0));
    const w = [0, 0];
    let b0 = 0;
    const logits = new Float64Array(keep.length);
    const grad = new Float64Array(keep.length);
    const history: number[] = [];
    for (let step = 0; step < 300; step++) {
      keep.forEach((p, i) => (logits[i] = w[0]! * points[p]![0]! + w[1]! * points[p]![1]! + b0));
      history.push(sigmoidCrossEntropyWithLogits({ logits, labels: z, reduction: "mean", grad }));
      keep.forEach((p, i) => {
        w[0] = w[0]! - 0.5 * grad[i]! * points[p]![0]!;
        w[1] = w[1]! - 0.5 * grad[i]! * points[p]![1]!;
        b0 -= 0.5 * grad[i]!;
      });
    }
    expect(history[0]).toBe(Math.LN2);
    expect(history.at(-1)!).toBeLessThan(history[0]! / 100);
    expect(keep.every((_, i) => (logits[i]! > 0) === (z[i] === 1))).toBe(true);
  });
});
