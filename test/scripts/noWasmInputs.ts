/**
 * What test/internal/noWasm.test.ts compares between a process without
 * WebAssembly and one with it: every function that has a kernel, over 1000
 * fixed inputs across the kernels' regimes, as bit-exact hex.
 */
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
} from "../../src/index.js";

/** 1000 fixed inputs over the regimes of the kernels (special values, subnormal terms, spreads of 1600). */
export function noWasmInputs(): Float64Array {
  const x = new Float64Array(1000);
  let state = 7;
  for (let i = 0; i < x.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const u = state / 2147483648;
    x[i] = i % 4 === 0 ? (u - 0.5) * 1600 : i % 4 === 1 ? (u - 0.5) * 80 : i % 4 === 2 ? (u - 0.5) * 2 : [NaN, Infinity, -Infinity, 0, -0, 5e-324, 745.2, -745.2][i % 8]!;
  }
  return x;
}

/** Each double's 64 bits in hex. */
export function toHex(values: Float64Array): string[] {
  const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
  return Array.from({ length: values.length }, (_, i) => view.getBigUint64(i * 8).toString(16));
}

/**
 * The results to compare: the elementwise functions on the inputs (logit also
 * on probabilities made from them), and the
 * sigmoid loss with soft labels and a positive weight (with its gradient); the
 * softmax family and the softmax losses (with gradients) on them as 100 rows
 * of 10 and as 40 rows of 25 whose special values are replaced by finite ones
 * (so that the rows are not all NaN or infinite).
 */
export function noWasmResults(): Record<string, string[]> {
  const x = noWasmInputs();
  const finite = x.map((v, i) => (Number.isFinite(v) ? v : (i % 13) - 6));
  const labels = Array.from({ length: 100 }, (_, i) => (i * 7) % 10);
  const sparseGrad = new Float64Array(1000);
  const denseGrad = new Float64Array(1000);
  const dense = Array.from({ length: 1000 }, (_, i) => ((i * 3) % 5) / 4);
  const sigmoidGrad = new Float64Array(1000);
  return {
    sigmoid: toHex(sigmoid(x)),
    softplus: toHex(softplus(x)),
    logSigmoid: toHex(logSigmoid(x)),
    logit: toHex(logit(x.map((v) => (v === v ? 1 / (1 + Math.exp(-v / 40)) : v)))),
    logitEdges: toHex(logit(x)),
    sigmoidLoss: toHex(sigmoidCrossEntropyWithLogits({ logits: x, labels: dense, posWeight: 2.5, grad: sigmoidGrad })),
    sigmoidGrad: toHex(sigmoidGrad),
    softmax: toHex(softmax(x, { shape: [100, 10] })),
    softmaxFinite: toHex(softmax(finite, { shape: [40, 25] })),
    logSoftmax: toHex(logSoftmax(finite, { shape: [40, 25] })),
    logSumExp: toHex(logSumExp(finite, { shape: [40, 25] })),
    sparseLoss: toHex(sparseSoftmaxCrossEntropyWithLogits({ logits: finite, labels, shape: [100, 10], grad: sparseGrad })),
    sparseGrad: toHex(sparseGrad),
    denseLoss: toHex(softmaxCrossEntropyWithLogits({ logits: finite, labels: dense, shape: [100, 10], grad: denseGrad })),
    denseGrad: toHex(denseGrad),
  };
}
