import { checkRealArray, describe, isFloat64Array } from "./internal/arrays.js";
import { checkDenseLabels, checkLossOptions, checkReduction, checkWeights, compensatedTotal, lossOutputs } from "./internal/crossEntropy.js";
import { expOf } from "./internal/exp.js";
import { scaledTinyTerm } from "./internal/expSum.js";
import { fastTwoSumError, twoSumError } from "./internal/float.js";
import { log1pUnit } from "./internal/log.js";
import { sliceLayout } from "./internal/shape.js";
import { copyRange, DATA, type Kernels, loadSigmoidLossKernels, type SigmoidLossExports, THIRD, wasmPath } from "./internal/wasm.js";
import type { SigmoidCrossEntropyOptions } from "./types.js";

const KEYS = ["logits", "labels", "shape", "axis", "reduction", "out", "grad", "posWeight"];

/**
 * The loss of one logit x with label z and positive weight w:
 * −w z log σ(x) − (1 − z) log(1 − σ(x)) = w z softplus(−x) + (1 − z) softplus(x),
 * given e = e^(−|x|): softplus(±x) = max(±x, 0) + log1p(e), from one exp and
 * one log1p for both terms. The log1p is our own (log.ts), which the
 * WebAssembly kernel repeats step for step (kernels.wat, `$lossAt`): the same
 * bits on both paths, and on every engine, unlike `Math.log1p`.
 *
 * Both terms are non-negative for z in [0, 1], so their sum cannot cancel.
 * TensorFlow's max(x, 0) − x z + log1p(e^(−|x|)) is the same value written with
 * a subtraction: for z near 1 and x large, x − x z is a small difference of
 * large terms and loses up to 1e-2 relative error; PyTorch's
 * (1 − z) x + log1p(e^(−x)) form has the mirror case. A zero coefficient leaves
 * its term out, so a right, infinitely confident logit (z = 1, x = +∞) costs
 * 0 and not 0 · ∞ = NaN.
 */
function lossOf(x: number, z: number, w: number, e: number): number {
  const l = log1pUnit(e);
  const b = 1 - z;
  // z ≤ 1 multiplies last: a product that underflows then has a result as small.
  // A NaN logit stays NaN even where both coefficients are 0 (z = 1, w = 0).
  const positive = w === 0 || z === 0 ? (x === x ? 0 : x) : z * (w * ((x < 0 ? -x : 0) + l));
  return positive + (b === 0 ? 0 : b * ((x > 0 ? x : 0) + l));
}

/**
 * Whether x > 0 is so large that e = e^(−x) is below 2^-1022 (or 0), and
 * short of digits: w z e would multiply its rounding by w (50 ULP for
 * x = 724, w = 99), where w z log1p(e) = w z σ(−x) = w z e to the last bit
 * ({@link tailTerm}). Beyond 1500, w e^(−x) is below the least subnormal for
 * any finite w.
 */
function isTail(x: number, e: number): boolean {
  // Literals: V8 reads imported constants (MIN_NORMAL, −TINY_FLOOR) at every use (see exp.ts).
  return e < 2.2250738585072014e-308 && x > 0 && x < 1500;
}

/** z w e^(−x) for a tail x ({@link isTail}): e^(−x) · 2^600 in full ({@link scaledTinyTerm}), scaled back in one rounding. */
function tailTerm(x: number, z: number, w: number): number {
  return z * (w * scaledTinyTerm(-x, 0)) * 2 ** -600;
}

/**
 * {@link lossOf} and {@link gradientOf} (into `gradient` at i, divided by
 * `divisor`) of a tail x ({@link isTail}: x > 0, not NaN), their positive
 * term from {@link tailTerm}: the kernel's steps for such lanes. Apart from
 * them, so that lossOf and gradientOf stay as they were on the common path.
 */
function tailLoss(x: number, z: number, w: number, e: number, gradient: Float64Array | undefined, i: number, divisor: number): number {
  const positive = w === 0 || z === 0 ? 0 : tailTerm(x, z, w);
  const b = 1 - z;
  if (gradient !== undefined) {
    const s = 1 + e;
    const c = fastTwoSumError(1, e, s) / s;
    const up = 1 / s;
    gradient[i] = (b === 0 ? -positive : b * (up - up * c) - positive) / divisor;
  }
  return positive + (b === 0 ? 0 : b * (x + log1pUnit(e)));
}

/**
 * The derivative of {@link lossOf} in x: (1 − z) σ(x) − w z σ(−x), which is
 * σ(x) − z for w = 1, given e = e^(−|x|): σ(x) and σ(−x) are sigmoidOf's
 * (x < 0 ? e : 1) / (1 + e) and (x > 0 ? e : 1) / (1 + e), corrected for the
 * rounding of 1 + e, bit for bit. For a hard label it is a single term,
 * −w σ(−x) or σ(x), where σ(x) − 1 would cancel for a confident, right logit
 * (and keeps its sign when it underflows: −0 for z = 1).
 */
function gradientOf(x: number, z: number, w: number, e: number): number {
  const s = 1 + e;
  const c = fastTwoSumError(1, e, s) / s;
  const up = (x < 0 ? e : 1) / s;
  const down = (x > 0 ? e : 1) / s;
  const b = 1 - z;
  const negative = w === 0 || z === 0 ? (x === x ? 0 : x) : z * (w * (down - down * c));
  return b === 0 ? -negative : b * (up - up * c) - negative;
}

/** Checks `posWeight`: undefined (1), a non-negative finite number, or one per class. */
function positiveWeights(fn: string, posWeight: unknown, classes: number): number | Float64Array {
  if (posWeight === undefined) return 1;
  if (typeof posWeight === "number") {
    if (!(posWeight >= 0 && posWeight < Infinity)) throw new RangeError(`${fn}: posWeight must be non-negative and finite; got ${posWeight}`);
    return posWeight;
  }
  if (typeof posWeight !== "object") throw new TypeError(`${fn}: posWeight must be a number or an array; got ${describe(posWeight)}`);
  return checkWeights(fn, "posWeight", posWeight, classes, "the number of classes (along the axis)")!;
}

/**
 * Sigmoid cross-entropy (binary cross-entropy) with logits, fused, per element:
 * loss = −z log σ(x) − (1 − z) log(1 − σ(x)), as TensorFlow's
 * `sigmoid_cross_entropy_with_logits(labels, logits)` and PyTorch's
 * `binary_cross_entropy_with_logits(input, target)`; with `posWeight` w,
 * −w z log σ(x) − (1 − z) log(1 − σ(x)), as TensorFlow's
 * `weighted_cross_entropy_with_logits` and PyTorch's `pos_weight`.
 *
 * Each logit is an independent yes/no score (binary or multi-label
 * classification): σ(x) is the probability of "yes" and z the label, 0 or 1, or
 * a probability for soft labels. The loss is computed as
 * w z softplus(−x) + (1 − z) softplus(x), a sum of two non-negative terms: no
 * σ that rounds to 1 (log(1 − σ) = −∞ beyond x ≈ 37), and no cancellation.
 *
 * `logits` and `labels` have the same length and layout; `shape` and `axis`
 * only say which axis holds the classes for a per-class `posWeight` (default:
 * the last; without a shape, the whole array). The per-example losses are per
 * element, as in TensorFlow and PyTorch.
 *
 * - `reduction`: `'none'` (default) returns the elementwise losses, `'sum'`
 *   their sum, `'mean'` their mean over all elements (PyTorch's).
 * - `grad`: receives the gradient of the result with respect to the logits,
 *   (1 − z) σ(x) − w z σ(−x) (σ(x) − z without `posWeight`), divided by the
 *   number of elements for the mean.
 *
 * Special values: NaN gives NaN; x = ±∞ takes the limit: loss 0 for a label
 * that agrees exactly (z = 1 at +∞, z = 0 at −∞), +∞ otherwise.
 *
 * Accuracy: the loss within 4 ULP for labels in [0, 1] and any logits; the
 * gradient within 4 ULP for hard labels (0 or 1). For soft labels the gradient
 * cancels where σ(x) ≈ z; its error is then within a few ULP of the larger term.
 *
 * @param options - `logits`, `labels`, and optionally `posWeight`, `shape`, `axis`, `reduction`, `out`, `grad`.
 * @returns With `'none'`: a `Float64Array` of elementwise losses (`out` when given). With `'sum'` or `'mean'`: a number.
 * @throws TypeError if an argument has the wrong type, an option is unknown, or `out` is given with `'sum'` or `'mean'`.
 * @throws RangeError if `labels` is not of the logits' length, the shape or axis does not fit, `posWeight` is negative, not finite or not one per class, or `out` or `grad` has the wrong length or shares memory with an input. Nothing is written then.
 *
 * @example Hard and soft labels
 * ```ts
 * import { sigmoidCrossEntropyWithLogits } from "logits";
 *
 * sigmoidCrossEntropyWithLogits({ logits: [2, -1, 0], labels: [1, 0, 0.5] }); // Float64Array [0.1269280110429725, 0.31326168751822286, 0.6931471805599453]
 * sigmoidCrossEntropyWithLogits({ logits: [40], labels: [1], reduction: "sum" }); // 4.248354255291589e-18
 * ```
 *
 * @example Soft labels where TensorFlow's formula cancels: z = 1 − 2^-40, x = 30.1
 * ```ts
 * import { sigmoidCrossEntropyWithLogits } from "logits";
 *
 * sigmoidCrossEntropyWithLogits({ logits: [30.1], labels: [1 - 2 ** -40], reduction: "sum" }); // 2.746046179742593e-11
 * ```
 *
 * @example Positive weight per class, mean and gradient
 * ```ts
 * import { sigmoidCrossEntropyWithLogits } from "logits";
 *
 * const grad = new Float64Array(2);
 * sigmoidCrossEntropyWithLogits({ logits: [0, 0], labels: [1, 1], posWeight: [1, 3], reduction: "mean", grad }); // 1.3862943611198906
 * grad; // Float64Array [-0.25, -0.75]
 * ```
 */
export function sigmoidCrossEntropyWithLogits(options: SigmoidCrossEntropyOptions & { reduction?: "none" | undefined }): Float64Array;
export function sigmoidCrossEntropyWithLogits(options: SigmoidCrossEntropyOptions & { reduction: "sum" | "mean" }): number;
export function sigmoidCrossEntropyWithLogits(options: SigmoidCrossEntropyOptions): Float64Array | number;
export function sigmoidCrossEntropyWithLogits(options: SigmoidCrossEntropyOptions): Float64Array | number {
  const fn = "sigmoidCrossEntropyWithLogits";
  checkLossOptions(fn, options, KEYS);
  const { logits, labels } = options;
  const length = checkRealArray(fn, "logits", logits);
  checkDenseLabels(fn, labels, length);
  const { outer, n, inner } = sliceLayout(fn, "logits", length, options.shape, options.axis);
  const reduction = checkReduction(fn, options.reduction);
  const pw = positiveWeights(fn, options.posWeight, n);
  const { losses, gradient } = lossOutputs(fn, reduction, options.out, length, "the number of logits", options.grad, length, [
    logits,
    labels,
    typeof pw === "number" ? undefined : options.posWeight,
  ]);
  const divisor = reduction === "mean" ? length : 1;
  const x = isFloat64Array(logits) ? logits : Float64Array.from(logits);
  const z = isFloat64Array(labels) ? labels : Float64Array.from(labels);
  const k = wasmPath(length) ? loadSigmoidLossKernels() : null;
  const total =
    k !== null
      ? kernelLosses(k, x, z, n, inner, pw, divisor, losses, gradient)
      : lossesHere(x, z, outer, n, inner, pw, divisor, losses, gradient);
  if (losses !== undefined) return losses;
  return reduction === "mean" ? total / length : total;
}

/**
 * The losses (into `losses`, or their compensated sum, returned) and the
 * gradient (into `gradient`, divided by `divisor`) in JavaScript, the weight
 * `pw` per class along the middle axis of outer × n × inner.
 */
function lossesHere(
  x: Float64Array,
  z: Float64Array,
  outer: number,
  n: number,
  inner: number,
  pw: number | Float64Array,
  divisor: number,
  losses: Float64Array | undefined,
  gradient: Float64Array | undefined,
): number {
  let hi = 0;
  let lo = 0;
  for (let o = 0, i = 0; o < outer; o++) {
    for (let k = 0; k < n; k++) {
      const w = typeof pw === "number" ? pw : pw[k]!;
      for (let j = 0; j < inner; j++, i++) {
        const e = expOf(-Math.abs(x[i]!));
        let loss: number;
        // isTail's rare test written here too: with the call alone per element, the loop took 30% longer.
        if (e < 2.2250738585072014e-308 && isTail(x[i]!, e)) loss = tailLoss(x[i]!, z[i]!, w, e, gradient, i, divisor);
        else {
          loss = lossOf(x[i]!, z[i]!, w, e);
          if (gradient !== undefined) gradient[i] = gradientOf(x[i]!, z[i]!, w, e) / divisor;
        }
        if (losses !== undefined) losses[i] = loss;
        else {
          // The total only for 'sum' and 'mean'.
          const s = hi + loss;
          lo += twoSumError(hi, loss, s);
          hi = s;
        }
      }
    }
  }
  return compensatedTotal(hi, lo);
}

/**
 * {@link lossesHere} by the kernel `sigmoidLoss`, over chunks of THIRD
 * elements copied through the module's memory: the logits, their labels
 * THIRD doubles on and each one's weight 2 · THIRD on ({@link weightsOf}); the
 * losses come back in place of the logits, the gradient in place of the
 * labels. The sum is taken here, in the same order.
 */
function kernelLosses(
  k: Kernels<SigmoidLossExports>,
  x: Float64Array,
  z: Float64Array,
  n: number,
  inner: number,
  pw: number | Float64Array,
  divisor: number,
  losses: Float64Array | undefined,
  gradient: Float64Array | undefined,
): number {
  const { heap } = k;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < x.length; i += THIRD) {
    const m = Math.min(THIRD, x.length - i);
    copyRange(heap, 0, x, i, m);
    copyRange(heap, THIRD, z, i, m);
    weightsOf(heap, 2 * THIRD, i, m, n, inner, pw);
    k.exports.sigmoidLoss(DATA, DATA + 8 * THIRD, DATA + 16 * THIRD, m, divisor, gradient === undefined ? 0 : 1);
    if (gradient !== undefined) copyRange(gradient, i, heap, THIRD, m);
    if (losses !== undefined) {
      copyRange(losses, i, heap, 0, m);
      continue;
    }
    for (let j = 0; j < m; j++) {
      const loss = heap[j]!;
      const s = hi + loss;
      lo += twoSumError(hi, loss, s);
      hi = s;
    }
  }
  return compensatedTotal(hi, lo);
}

/**
 * Writes into `dst` from `at` the positive weight of each of the m elements
 * from element i of an outer × n × inner layout: pw itself, or pw[k] for the
 * element's class k along the middle axis, run by run of `inner` elements.
 */
function weightsOf(dst: Float64Array, at: number, i: number, m: number, n: number, inner: number, pw: number | Float64Array): void {
  if (typeof pw === "number") {
    dst.fill(pw, at, at + m);
    return;
  }
  let k = Math.floor(i / inner) % n;
  if (inner === 1) {
    for (let j = 0; j < m; j++) {
      dst[at + j] = pw[k]!;
      if (++k === n) k = 0;
    }
    return;
  }
  for (let j = 0, run = inner - (i % inner); j < m; j += run, run = inner) {
    dst.fill(pw[k]!, at + j, at + Math.min(m, j + run));
    if (++k === n) k = 0;
  }
}
