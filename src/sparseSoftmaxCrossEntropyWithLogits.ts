import { checkRealArray, isFloat64Array } from "./internal/arrays.js";
import {
  checkIgnoreIndex,
  checkIntegerLabels,
  checkLabelSmoothing,
  checkLossOptions,
  checkReduction,
  checkWeights,
  compensatedTotal,
  fixTinyGradients,
  gradientRecord,
  infiniteSliceLoss,
  lossOutputs,
  negLogProbability,
  topNegLog,
  topRestShare,
} from "./internal/crossEntropy.js";
import { BLOCK, pairRest, pairTop, RESTS, type RowPass, restSums, sliceBase, sumCorrection, TOPS } from "./internal/expSum.js";
import { twoSumError } from "./internal/float.js";
import { log1pOf } from "./internal/log.js";
import { sliceLayout } from "./internal/shape.js";
import { runLossRows, runShortRows, SHORT_LOG_SOFTMAX, SHORT_SPARSE_GRADIENT, shortRowKernels } from "./internal/shortRows.js";
import { CHUNK, copyRange, DATA, type Kernels, loadSecondPassKernels, RECORD, RECORDS, type ShortRowExports } from "./internal/wasm.js";
import { LOGS, REST_LOGS } from "./internal/restLogs.js";
import type { SparseSoftmaxCrossEntropyOptions } from "./types.js";

const KEYS = ["logits", "labels", "shape", "axis", "reduction", "out", "grad", "weights", "labelSmoothing", "ignoreIndex"];

/** The settings of one call that every slice shares. */
interface Sparse {
  /** Label smoothing ε, and ε / C. */
  eps: number;
  u: number;
  /** Class weights (undefined: all 1) and their sum. */
  weights: Float64Array | undefined;
  totalWeight: number;
  /** What the gradient is divided by: the mean's denominator, or 1. */
  divisor: number;
}

/** a_k, the coefficient of −log p_k for label y: (1 − ε) w_y at the label (ay), plus (ε / C) w_k. */
function coefficientOf(k: number, y: number, ay: number, s: Sparse): number {
  return (k === y ? ay : 0) + s.u * (s.weights === undefined ? 1 : s.weights[k]!);
}

/**
 * {@link coefficientOf} for label y as a function of k, for the rare paths
 * (the limits of a slice without a finite maximum, subnormal terms' gradients).
 * Made here, not inline: a function whose closure captures its variables
 * gets a context from V8 on every call, whether the closure is made or not;
 * in sparseSlice and sparseGradient that was about 50 bytes of garbage per
 * row. Without it the loss with its gradient takes 9–17% less time on rows
 * of 3 to 10 (3–12% without the gradient).
 */
function coefficients(y: number, ay: number, s: Sparse): (k: number) => number {
  return (k) => coefficientOf(k, y, ay, s);
}

/**
 * The loss of slice r of a block, with label y (its k-th element), and its
 * gradient into `grad` (divided by `divisor`), after the block's first pass
 * {@link restSums} (the maximum in TOPS, the sum of the other terms in RESTS,
 * the terms in `grad`). The coefficients of the labels are
 * a_c = (1 − ε) w_y [c = y] + (ε / C) w_c; the loss Σ a_c (−log p_c) is a sum of
 * non-negative terms, each −log p_c from the slice's log-sum as logSoftmax
 * computes it (no `x − max − log(sum)` that returns 0 for a confident class).
 * Without smoothing it is one term, and the slice is read once more after the
 * first pass, for the gradient.
 *
 * The gradient is p_c Σa − a_c. For the maximum with p ≥ 1/2 (where the true
 * class of a confident prediction is), p − 1 would cancel: its gradient is
 * formed as (Σa − a_top) − Σa · rest/(1 + rest), the complement of p computed
 * from the sum of the other terms. Where `passed`, the first pass's kernel
 * pass ({@link gradientPass}) has already done the gradient's main loop.
 */
function sparseSlice(
  src: Float64Array,
  base: number,
  stride: number,
  n: number,
  y: number,
  s: Sparse,
  grad: Float64Array | undefined,
  r: number,
  passed: boolean,
): number {
  const { eps, weights } = s;
  const wy = weights === undefined ? 1 : weights[y]!;
  const ay = (1 - eps) * wy;
  const top = TOPS[r]!;
  if (top < 0) {
    return infiniteSliceLoss(src, base, stride, n, coefficients(y, ay, s), grad, s.divisor);
  }
  const m = src[top]!;
  const rh = RESTS[3 * r]!;
  const rl = RESTS[3 * r + 1]!;
  const tiny = RESTS[3 * r + 2]!;
  const lh = LOGS[2 * r]!;
  const ll = LOGS[2 * r + 1]!;
  // A zero coefficient leaves its term out, even where −log p is +∞; its
  // factors are tested, as (1 − ε) w_y may round to 0 where it is not. The
  // weight multiplies first: (1 − ε) w_y may be subnormal, short of digits.
  const yi = base + y * stride;
  const labelTerm = yi === top ? topNegLog(wy, m, lh, ll, rh, tiny) : wy * negLogProbability(src[yi]!, m, lh, ll);
  let loss = wy === 0 || eps === 1 ? 0 : (1 - eps) * labelTerm;
  // (ε · Σ) / C rather than (ε / C) · Σ: ε / C may be subnormal, short of digits, or 0.
  if (eps > 0) loss += (eps * smoothingSum(src, base, stride, n, top, lh, ll, weights, rh, tiny)) / n;
  if (grad !== undefined) sparseGradient(src, grad, base, stride, n, top, y, ay, s, rh, rl, tiny, passed);
  // A NaN logit makes the sum and every p NaN: the loss too, even where the
  // coefficients that would reach it are 0.
  return rh === rh ? loss : NaN;
}

/**
 * sparseSlice of the row of two at i (contiguous), without smoothing or
 * weights: its steps for a rest of one term ({@link pairRest}; its low part,
 * and so ll, 0; total = a_y = 1), the same bits, without the first pass's
 * records, which cost most of such a row's time. The row's gradient: p − 1
 * at the label, p elsewhere, the maximum's from its complement rest/(1 +
 * rest) as in sparseGradient. Rows pairRest leaves take the general path
 * (e: the row's index).
 */
function sparsePair(src: Float64Array, i: number, y: number, s: Sparse, grad: Float64Array | undefined, e: number): number {
  const top = pairTop(src, i);
  const rest = pairRest(src, top);
  if (!(rest === rest)) {
    restSums(src, e, 1, 2, 1, grad, 1, REST_LOGS);
    return sparseSlice(src, i, 1, 2, y, s, grad, 0, false);
  }
  const yi = i + y;
  // topNegLog's and negLogProbability's −log p with w = 1 (1 · x is x).
  const loss = negLogProbability(src[yi]!, src[top]!, log1pOf(rest), 0);
  if (grad !== undefined) {
    const hi = 1 + rest;
    const c = sumCorrection(rest, 0, hi);
    const q = rest / hi;
    const p = q - q * c;
    const other = top ^ 1;
    grad[other] = (other === yi ? p - 1 : p) / s.divisor;
    grad[top] = ((top === yi ? 0 : 1) - p) / s.divisor;
  }
  return loss;
}

/**
 * The losses of the `count` ≤ BLOCK contiguous rows of n ≤ SHORT_MAX from row
 * `first`, without smoothing or weights, into `block` in place of their
 * labels, and their gradient into `grad` when given, on the short rows'
 * kernel, without the first pass's records: the general path's bits.
 * - The loss −log p_y is the kernel's log-probability negated: it forms
 *   (x − m) − lh and its two TwoSum errors less ll, negLogProbability
 *   (m − x) + lh, its errors and ll, the same steps with every operand
 *   negated (TwoSum's error is exact, in either order of its terms, and
 *   odd); the loss is not 0 (lh > 0), so the signs of zeros on the way do
 *   not reach it.
 * - The gradient is the kernel's ({@link runLossRows}, in the same pass as
 *   the log-probabilities), copied out whole: the rows it leaves are done
 *   again below, the ignored ones set to 0.
 * Rows the kernel leaves (a NaN, an infinite maximum, a term below about
 * e^-708) take the general path once its results are read.
 */
function sparseShortRows(
  k: Kernels<ShortRowExports>,
  src: Float64Array,
  first: number,
  count: number,
  n: number,
  block: Float64Array,
  s: Sparse,
  grad: Float64Array | undefined,
  ignoreIndex: number,
): void {
  let done = k.heap;
  if (grad === undefined) done = runShortRows(k, src, first, count, n, SHORT_LOG_SOFTMAX);
  else {
    copyRange(grad, first * n, done, runLossRows(k, src, block, first, count, n, SHORT_SPARSE_GRADIENT, s.divisor), count * n);
    for (let r = 0, i = first * n; r < count; r++, i += n) if (block[r] === ignoreIndex) for (let j = 0; j < n; j++) grad[i + j] = 0;
  }
  let left: number[] | undefined;
  for (let r = 0, at = 0; r < count; r++, at += n) {
    const y = block[r]!;
    if (y === ignoreIndex) block[r] = 0;
    else if (done[at] === done[at]) block[r] = -done[at + y]!;
    else (left ??= []).push(r);
  }
  if (left === undefined) return;
  for (const r of left) {
    restSums(src, first + r, 1, n, 1, grad, 1, REST_LOGS);
    block[r] = sparseSlice(src, (first + r) * n, 1, n, block[r]!, s, grad, 0, false);
  }
}

/** Σ_c w_c (−log p_c) over a slice: non-negative terms, summed with compensation. */
function smoothingSum(
  src: Float64Array,
  base: number,
  stride: number,
  n: number,
  top: number,
  lh: number,
  ll: number,
  weights: Float64Array | undefined,
  rh: number,
  tiny: number,
): number {
  const m = src[top]!;
  let hi = 0;
  let lo = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const w = weights === undefined ? 1 : weights[k]!;
    if (w === 0) continue;
    const t = i === top ? topNegLog(w, m, lh, ll, rh, tiny) : w * negLogProbability(src[i]!, m, lh, ll);
    const sum = hi + t;
    lo += twoSumError(hi, t, sum);
    hi = sum;
  }
  return compensatedTotal(hi, lo);
}

/**
 * p_c Σa − a_c over a slice whose terms e^(x_c − m) are in `grad` (from
 * restSums), divided by the divisor; see {@link sparseSlice} for the maximum.
 * `tiny` is the first pass's scaled sum of the subnormal terms. Where
 * `passed`, the kernel has done the main loop ({@link gradientPass}), and
 * the subnormal terms and the maximum are left.
 */
function sparseGradient(
  src: Float64Array,
  grad: Float64Array,
  base: number,
  stride: number,
  n: number,
  top: number,
  y: number,
  ay: number,
  s: Sparse,
  rh: number,
  rl: number,
  tiny: number,
  passed: boolean,
): void {
  const { u, weights, divisor } = s;
  const total = ay + u * s.totalWeight;
  // p_c = t_c / (1 + rest), with 1 + rest = hi (1 + c), as softmax divides.
  const hi = 1 + rh;
  const c = sumCorrection(rh, rl, hi);
  if (!passed) gradientLoop(grad, base, stride, n, y, ay, s, hi, c, total);
  if (tiny !== 0) {
    fixTinyGradients(src, grad, base, stride, n, hi, c, total, divisor, coefficients(y, ay, s), src[top]!);
  }
  if (rh <= 1) {
    const others = (top === base + y * stride ? 0 : ay) + (u === 0 ? 0 : u * weightsBut(weights, n, (top - base) / stride));
    grad[top] = (others - topRestShare(total, rh, rl, hi, c, tiny)) / divisor;
  }
}

/**
 * Rows shorter than this keep sparseGradient's loop: filling a row's record
 * for the kernel costs more than the loop saves (measured on 1000 × 1000 and
 * 10^6 elements in rows of 4 to 100: the kernel 14% slower on rows of 4, even
 * on rows of 20, 9% faster on rows of 100, 20% on rows of 1000).
 */
const PASS_MIN = 32;

/**
 * PASS_MIN for slices along another axis than the last, gathered into the
 * module's memory, where the loop would read and write them strided: the
 * kernel is 11–13% slower on 4 and 6 classes, even on 10, 15% faster on 21,
 * 31% on 31 (a [4, C, 32, 32] batch along axis 1, with the gradient).
 */
const STRIDED_PASS_MIN = 16;

/**
 * sparseGradient's main loop: each term t becomes ((q − q · c) · total − a_c) / divisor,
 * q = t / hi. A function of its own, so that V8 optimizes it apart (see the
 * dense loss's gradientLoop: a run on the kernels, which skips it, left it
 * without type feedback inside sparseGradient).
 */
function gradientLoop(grad: Float64Array, base: number, stride: number, n: number, y: number, ay: number, s: Sparse, hi: number, c: number, total: number): void {
  const { u, divisor } = s;
  if (u === 0) {
    // Without smoothing every coefficient but the label's is 0, and x − 0 = x:
    // the loop leaves them out, and the label's element is done apart (the
    // same bits; 11% faster on 1000 × 1000).
    const yi = base + y * stride;
    const ty = grad[yi]!;
    for (let k = 0, i = base; k < n; k++, i += stride) {
      const q = grad[i]! / hi;
      grad[i] = ((q - q * c) * total) / divisor;
    }
    const q = ty / hi;
    grad[yi] = ((q - q * c) * total - ay) / divisor;
  } else {
    for (let k = 0, i = base; k < n; k++, i += stride) {
      const q = grad[i]! / hi;
      grad[i] = ((q - q * c) * total - coefficientOf(k, y, ay, s)) / divisor;
    }
  }
}

/**
 * sparseGradient's main loop by the kernel gradRows, as a pass of the first
 * pass ({@link RowPass}), while the terms are in the module's memory: the same
 * operations, with a = a_c = keep · z + u for the one-hot label z, keep =
 * (1 − ε) w_y and u = ε / C (the label's ay + u; 0 + u elsewhere, and with
 * ε = 0, x − 0 = x, the u = 0 loop's bits). The labels come from `block`,
 * the block's copy. Not with both smoothing and weights, whose a_c differ
 * from class to class (undefined then, or where the kernels cannot run), nor
 * on rows of fewer than PASS_MIN classes (STRIDED_PASS_MIN along another axis
 * than the last, inner > 1, whose slices the first pass gathers into rows).
 * Rows whose label is ignored are skipped, for the caller to fill with 0.
 */
function gradientPass(block: Float64Array, n: number, inner: number, s: Sparse, ignoreIndex: number): RowPass | undefined {
  const k = n < (inner === 1 ? PASS_MIN : STRIDED_PASS_MIN) || (s.u > 0 && s.weights !== undefined) ? null : loadSecondPassKernels();
  if (k === null) return undefined;
  const { records } = k;
  const run = (rows: number, r0: number) => {
    for (let q = 0; q < rows; q++) {
      const rec = q * RECORD;
      const y = block[r0 + q]!;
      if (records[rec]! < 0) continue;
      if (y === ignoreIndex) {
        records[rec] = -1;
        continue;
      }
      const ay = (1 - s.eps) * (s.weights === undefined ? 1 : s.weights[y]!);
      gradientRecord(records, rec, r0 + q, ay + s.u * s.totalWeight, s.divisor, ay, s.u);
      records[rec + 1] = y;
    }
    k.exports.gradRows(DATA, rows, n, RECORDS, 0);
  };
  return { room: CHUNK, run };
}

/**
 * The sum of the class weights but the top's (n − 1 without weights), summed
 * directly and compensated: the total less the top's weight cancels when that
 * weight dwarfs the others ([3e16, 1, 1] gave 0 for 2).
 */
function weightsBut(weights: Float64Array | undefined, n: number, skip: number): number {
  if (weights === undefined) return n - 1;
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < n; k++) {
    if (k === skip) continue;
    const sum = hi + weights[k]!;
    lo += twoSumError(hi, weights[k]!, sum);
    hi = sum;
  }
  return compensatedTotal(hi, lo);
}

/** The labels' array for a block, between calls (see sparseSoftmaxCrossEntropyWithLogits). */
let spareBlock: Float64Array | undefined;

/**
 * Softmax cross-entropy with integer class labels, fused:
 * loss = −log softmax(logits)_y = logSumExp(logits) − logits_y per example, as
 * TensorFlow's `sparse_softmax_cross_entropy_with_logits` and PyTorch's
 * `cross_entropy(input, target)` with class indices.
 *
 * "Logits" here are the raw scores of a classifier's last layer, one per class;
 * the label is the index of the true class. Fusing softmax and the log is what
 * makes the loss exact: a separate `-Math.log(softmax(x)[y])` underflows to
 * `-log 0 = ∞` for a wrong prediction by more than ~745, and
 * `x - max - log(sum)` returns 0 for a right one ahead by more than ~37, where
 * the loss is e^(−37) and its gradient not 0.
 *
 * The logits are a flat row-major array of `shape` (default: one example, the
 * whole array), with the classes along `axis` (default the last); `labels` has
 * one entry per example: the shape without the class axis, row-major.
 *
 * Options, as PyTorch's `cross_entropy`:
 * - `weights[c]` multiplies the loss of the examples of class c (and the
 *   smoothing term of class c);
 * - `labelSmoothing` ε: loss = (1 − ε) w_y (−log p_y) + (ε / C) Σ_c w_c (−log p_c);
 * - `ignoreIndex`: examples with that label have loss 0 and gradient 0 and do
 *   not count in the mean;
 * - `reduction`: `'none'` (default) returns the losses, `'sum'` their sum, and
 *   `'mean'` their sum divided by Σ w_y over the examples not ignored (their
 *   number without weights). With every example ignored the mean is 0/0 = NaN
 *   and the gradient 0; with a total weight of 0 otherwise, both are divided
 *   by 0 as PyTorch's: NaN (0/0) without smoothing, where every loss is 0.
 * - `grad`: receives the gradient of the result with respect to the logits:
 *   p_c Σ_c a − a_c with a_c = (1 − ε) w_y [c = y] + (ε / C) w_c (that is
 *   w_y (p_c − [c = y]) without smoothing), divided by the mean's denominator.
 *
 * Special values, per example: NaN in the logits gives NaN; +∞ logits take the
 * limit (they share probability 1): loss 0 when the label's logit is the only
 * +∞ (a right, infinitely confident prediction), +∞ when it is not +∞ (a wrong
 * one); a logit of −∞ at the label gives +∞; only −∞ gives NaN.
 *
 * Accuracy: within 4 ULP for the loss and for the gradient with any sign and
 * size of logits, including the true class of a confident prediction, whose
 * gradient −w_y (1 − p_y) is computed from the sum of the other terms.
 *
 * @param options - `logits`, `labels`, and optionally `shape`, `axis`, `weights`, `labelSmoothing`, `ignoreIndex`, `reduction`, `out`, `grad`.
 * @returns With `'none'`: a `Float64Array` of per-example losses (`out` when given). With `'sum'` or `'mean'`: a number.
 * @throws TypeError if an argument has the wrong type, an option is unknown, or `out` is given with `'sum'` or `'mean'`.
 * @throws RangeError if the shape or axis does not fit the logits, `labels` does not have one entry per example, a label is not an integer in [0, classes) nor the ignore index, `weights` is not one non-negative finite number per class, `labelSmoothing` is outside [0, 1], or `out` or `grad` has the wrong length or shares memory with an input. Nothing is written then.
 *
 * @example Per-example losses
 * ```ts
 * import { sparseSoftmaxCrossEntropyWithLogits } from "logits";
 *
 * sparseSoftmaxCrossEntropyWithLogits({ logits: [2, 1, 0.1], labels: [0] }); // Float64Array [0.41703001627783354]
 * sparseSoftmaxCrossEntropyWithLogits({ logits: [0, 50, 0, 1, 2, 3], labels: [1, 0], shape: [2, 3] }); // Float64Array [3.8574996959278356e-22, 2.40760596444438]
 * ```
 *
 * @example A confident, right prediction: the loss is e^-40, not 0
 * ```ts
 * import { sparseSoftmaxCrossEntropyWithLogits } from "logits";
 *
 * sparseSoftmaxCrossEntropyWithLogits({ logits: [40, 0], labels: [0], reduction: "sum" }); // 4.248354255291589e-18
 * ```
 *
 * @example Mean with weights, ignored examples, and the gradient
 * ```ts
 * import { sparseSoftmaxCrossEntropyWithLogits } from "logits";
 *
 * const grad = new Float64Array(4);
 * sparseSoftmaxCrossEntropyWithLogits({ logits: [0, 0, 3, 1], labels: [1, -1], shape: [2, 2], ignoreIndex: -1, reduction: "mean", grad }); // 0.6931471805599453
 * grad; // Float64Array [0.5, -0.5, 0, 0]
 * ```
 *
 * @example The class axis of a segmentation output, [N, C, H, W] (PyTorch's layout): axis 1, one label per pixel
 * ```ts
 * import { sparseSoftmaxCrossEntropyWithLogits } from "logits";
 *
 * // N = 1 image, C = 3 classes, H × W = 1 × 2 pixels: the same losses as the rows [2, 0.5, −2] and [−1, 3, 1]
 * sparseSoftmaxCrossEntropyWithLogits({ logits: [2, -1, 0.5, 3, -2, 1], labels: [0, 1], shape: [1, 3, 1, 2], axis: 1 }); // Float64Array [0.21627666737082565, 0.14293162849989952]
 * ```
 *
 * @example Special values
 * ```ts
 * import { sparseSoftmaxCrossEntropyWithLogits } from "logits";
 *
 * sparseSoftmaxCrossEntropyWithLogits({ logits: [Infinity, 0], labels: [0], reduction: "sum" }); // 0
 * sparseSoftmaxCrossEntropyWithLogits({ logits: [Infinity, 0], labels: [1], reduction: "sum" }); // Infinity
 * sparseSoftmaxCrossEntropyWithLogits({ logits: [NaN, 0], labels: [1], reduction: "sum" }); // NaN
 * ```
 */
export function sparseSoftmaxCrossEntropyWithLogits(options: SparseSoftmaxCrossEntropyOptions & { reduction?: "none" | undefined }): Float64Array;
export function sparseSoftmaxCrossEntropyWithLogits(options: SparseSoftmaxCrossEntropyOptions & { reduction: "sum" | "mean" }): number;
export function sparseSoftmaxCrossEntropyWithLogits(options: SparseSoftmaxCrossEntropyOptions): Float64Array | number;
export function sparseSoftmaxCrossEntropyWithLogits(options: SparseSoftmaxCrossEntropyOptions): Float64Array | number {
  const fn = "sparseSoftmaxCrossEntropyWithLogits";
  checkLossOptions(fn, options, KEYS);
  const { logits, labels } = options;
  const length = checkRealArray(fn, "logits", logits);
  const { outer, n, inner } = sliceLayout(fn, "logits", length, options.shape, options.axis);
  const examples = outer * inner;
  const reduction = checkReduction(fn, options.reduction);
  const eps = checkLabelSmoothing(fn, options.labelSmoothing);
  const weights = checkWeights(fn, "weights", options.weights, n, "the number of classes");
  const ignoreIndex = checkIgnoreIndex(fn, options.ignoreIndex);
  const denominator = checkIntegerLabels(fn, labels, examples, n, ignoreIndex, weights);
  const { losses, gradient } = lossOutputs(fn, reduction, options.out, examples, "the number of examples", options.grad, length, [
    logits,
    labels,
    options.weights,
  ]);
  let totalWeight = n;
  if (weights !== undefined) totalWeight = weights.reduce((a, b) => a + b, 0);
  const s: Sparse = { eps, u: eps / n, weights, totalWeight, divisor: reduction === "mean" ? denominator : 1 };
  const src = isFloat64Array(logits) ? logits : Float64Array.from(logits);
  // The labels of a block, read once before its first pass: a label array
  // whose reads run code (getters, a Proxy) can then not re-enter the library
  // while the block's sums and terms are in use. Into the spare array, taken
  // for the call (a call from such a getter finds none and allocates its own):
  // a new array of more than 8 doubles costs V8 about 1 µs.
  const block = spareBlock ?? new Float64Array(BLOCK);
  spareBlock = undefined;
  const pass = gradient === undefined ? undefined : gradientPass(block, n, inner, s, ignoreIndex);
  let hi = 0;
  let lo = 0;
  // Block by block, as softmax: the first pass over a block of examples
  // (restSums, the terms into the gradient), then each example's loss.
  // Short rows without smoothing or weights: no first pass over the block,
  // on the short rows' kernels, or for rows of two where they do
  // not run, in JavaScript (sparsePair). Each row's loss takes its label's
  // place in the block, and the losses are then summed in order.
  const plain = inner === 1 && eps === 0 && weights === undefined;
  const short = plain ? shortRowKernels(length, n) : null;
  const pairs = short === null && plain && n === 2;
  for (let first = 0; first < examples; first += BLOCK) {
    const count = Math.min(BLOCK, examples - first);
    for (let r = 0; r < count; r++) block[r] = labels[first + r]!;
    if (short !== null) sparseShortRows(short, src, first, count, n, block, s, gradient, ignoreIndex);
    else {
      const passed = !pairs && restSums(src, first, count, n, inner, gradient, 1, REST_LOGS, pass) && pass !== undefined;
      for (let r = 0; r < count; r++) {
        const e = first + r;
        const base = sliceBase(e, n, inner);
        const y = block[r]!;
        let loss = 0;
        if (y === ignoreIndex) {
          if (gradient !== undefined) for (let k = 0; k < n; k++) gradient[base + k * inner] = 0;
        } else loss = pairs ? sparsePair(src, base, y, s, gradient, e) : sparseSlice(src, base, inner, n, y, s, gradient, r, passed);
        block[r] = loss;
      }
    }
    for (let r = 0; r < count; r++) {
      const loss = block[r]!;
      if (losses !== undefined) losses[first + r] = loss;
      const sum = hi + loss;
      lo += twoSumError(hi, loss, sum);
      hi = sum;
    }
  }
  spareBlock = block;
  if (losses !== undefined) return losses;
  const total = compensatedTotal(hi, lo);
  return reduction === "mean" ? total / denominator : total;
}
