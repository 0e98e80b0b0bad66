import { checkRealArray, isFloat64Array } from "./internal/arrays.js";
import {
  checkDenseLabels,
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
import { BLOCK, blockScratch, gatherSlices, RESTS, type RowPass, restSums, sliceArgmax, sliceBase, sumCorrection, TOPS } from "./internal/expSum.js";
import { twoSumError } from "./internal/float.js";
import { sliceLayout } from "./internal/shape.js";
import { runLossRows, runShortRows, SHORT_DENSE_GRADIENT, SHORT_LOG_SOFTMAX, shortRowKernels } from "./internal/shortRows.js";
import { copyRange, DATA, HALF, type Kernels, loadSecondPassKernels, RECORD, RECORDS, type ShortRowExports } from "./internal/wasm.js";
import { LOGS, REST_LOGS } from "./internal/restLogs.js";
import type { SoftmaxCrossEntropyOptions } from "./types.js";

const KEYS = ["logits", "labels", "shape", "axis", "reduction", "out", "grad", "weights", "labelSmoothing"];

/** Scratch per slice of a block, 3r on: [loss, Σa, Σa over the elements other than the maximum]. */
const SUMS = /* @__PURE__ */ blockScratch(3);

/** The settings of one call that every slice shares. */
interface Dense {
  /** Label smoothing: 1 − ε, and ε / C. */
  keep: number;
  u: number;
  weights: Float64Array | undefined;
  /** What the gradient is divided by: the number of examples for the mean, or 1. */
  divisor: number;
}

/** z' = (1 − ε) z + ε / C, the smoothed label; z without smoothing. */
function smoothedOf(z: number, d: Dense): number {
  return d.u === 0 ? z : d.keep * z + d.u;
}

/**
 * a = w_k z', the coefficient of −log p_k in the loss; 0 for a class of weight
 * 0 whatever its label (NaN included), as {@link denseSums} leaves it out.
 */
function coefficientOf(z: number, k: number, d: Dense): number {
  if (d.weights === undefined) return smoothedOf(z, d);
  const w = d.weights[k]!;
  return w === 0 ? 0 : w * smoothedOf(z, d);
}

/**
 * The loss Σ_c a_c (−log p_c) of slice r of a block, its labels at the same
 * indices in `z`, and its gradient p_c Σa − a_c into `grad` (divided by
 * `divisor`), after the block's first pass {@link restSums} (the maximum in
 * TOPS, the sum of the other terms in RESTS, the terms in `grad`). The
 * terms are non-negative for labels in [0, 1], each −log p_c computed from the
 * slice's log-sum as logSoftmax does, and summed with compensation; a zero
 * coefficient leaves its term out (0 · ∞ would be NaN where p_c = 0). For the
 * maximum with p ≥ 1/2, p Σa − a cancels (a one-hot label on a confident class
 * gives p − 1): its gradient is formed as (Σa − a_top) − Σa · rest/(1 + rest)
 * instead, with Σa − a_top summed from the other coefficients. Where
 * `passed`, the first pass's kernel pass ({@link gradientPass}) has already
 * summed the slice (SUMS) and done the gradient's main loop.
 */
function denseSlice(
  src: Float64Array,
  z: Float64Array,
  base: number,
  stride: number,
  n: number,
  d: Dense,
  grad: Float64Array | undefined,
  r: number,
  passed: boolean,
): number {
  const top = TOPS[r]!;
  if (top < 0) {
    const coefficient = (k: number) => coefficientOf(z[base + k * stride]!, k, d);
    return infiniteSliceLoss(src, base, stride, n, coefficient, grad, d.divisor);
  }
  const rh = RESTS[3 * r]!;
  const rl = RESTS[3 * r + 1]!;
  const tiny = RESTS[3 * r + 2]!;
  if (!passed) denseSums(src, z, base, stride, n, d, r);
  const loss = SUMS[3 * r]!;
  if (grad !== undefined) denseGradient(src, grad, z, base, stride, n, top, d, rh, rl, tiny, SUMS[3 * r + 1]!, SUMS[3 * r + 2]!, passed);
  // A NaN logit makes the sum and every p NaN: the loss too, even where its label is 0.
  return rh === rh ? loss : NaN;
}

/**
 * Into SUMS at 3r, for slice r of a block (its maximum in TOPS, its rest in
 * RESTS): the loss Σ a_c (−log p_c), Σ a_c, and Σ a_c without the maximum,
 * each compensated.
 */
function denseSums(src: Float64Array, z: Float64Array, base: number, stride: number, n: number, d: Dense, r: number): void {
  const top = TOPS[r]!;
  const rh = RESTS[3 * r]!;
  const tiny = RESTS[3 * r + 2]!;
  const lh = LOGS[2 * r]!;
  const ll = LOGS[2 * r + 1]!;
  const m = src[top]!;
  let lossHi = 0;
  let lossLo = 0;
  let othersHi = 0;
  let othersLo = 0;
  let aTop = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const label = smoothedOf(z[i]!, d);
    const w = d.weights === undefined ? 1 : d.weights[k]!;
    // A zero label or weight leaves the term out (even where −log p = +∞); their
    // product is not tested, as it may underflow to 0 where the term is +∞.
    if (label === 0 || w === 0) continue;
    const a = w * label;
    // The label (≤ 1) multiplies last: a product that underflows (w z' can be
    // subnormal, short of digits) then has a result as small.
    const t = label * (i === top ? topNegLog(w, m, lh, ll, rh, tiny) : w * negLogProbability(src[i]!, m, lh, ll));
    const s = lossHi + t;
    lossLo += twoSumError(lossHi, t, s);
    lossHi = s;
    if (i === top) {
      aTop = a;
      continue;
    }
    const o = othersHi + a;
    othersLo += twoSumError(othersHi, a, o);
    othersHi = o;
  }
  SUMS[3 * r] = compensatedTotal(lossHi, lossLo);
  const all = othersHi + aTop;
  SUMS[3 * r + 1] = all + (twoSumError(othersHi, aTop, all) + othersLo);
  SUMS[3 * r + 2] = othersHi + othersLo;
}

/**
 * The longest rows the short rows' kernels do for this loss (SHORT_MAX at
 * most): its per-element JavaScript (the coefficients, their sums) costs
 * more than theirs saves beyond. Against the general path in one process,
 * one-hot labels: the loss alone 0.52–0.81× the time on rows of 2 to 6,
 * 0.92–0.94× on 8 and 10, 1.00× on 12; with the gradient (in the same pass
 * over a row) 0.79–0.84× on rows of 2 to 6, 0.89–0.94× on 8 and 10, 1.04×
 * on 12.
 */
const SHORT_LOSS_MAX = 10;

/** Per row of a block: its loss, summed once the block is done (apart from SUMS, which a short row left to the general path takes). */
const ROW_LOSSES = /* @__PURE__ */ blockScratch(1);

/**
 * denseSlice of the `count` ≤ BLOCK contiguous rows of n ≤ SHORT_LOSS_MAX from
 * row `first` on the short rows' kernels, without the first pass's records:
 * the losses into ROW_LOSSES, the gradient into `grad` when given, the
 * general path's bits. Its −log p_c is the kernel's log-probability negated
 * (see sparseShortRows), and its gradient takes the kernel's probabilities,
 * and at a maximum whose rest is at most 1 the complement 1 − p formed from
 * rest (SHORT_DENSE_GRADIENT, in the same pass: negated, the row's one
 * negative result), as denseGradient does. Rows the kernel leaves take the
 * general path once its results are read.
 */
function denseShortRows(
  k: Kernels<ShortRowExports>,
  src: Float64Array,
  z: Float64Array,
  first: number,
  count: number,
  n: number,
  d: Dense,
  grad: Float64Array | undefined,
): void {
  // With the gradient, the probabilities from index `second`, in the same pass.
  const second = grad === undefined ? -1 : runLossRows(k, src, undefined, first, count, n, SHORT_DENSE_GRADIENT, 1);
  const logs = grad === undefined ? runShortRows(k, src, first, count, n, SHORT_LOG_SOFTMAX) : k.heap;
  let left: number[] | undefined;
  for (let r = 0, at = 0, base = first * n; r < count; r++, at += n, base += n) {
    if (logs[at] === logs[at]) {
      shortRowSums(logs, at, z, base, n, sliceArgmax(src, base, 1, n) - base, d, r);
      ROW_LOSSES[r] = SUMS[3 * r]!;
    } else (left ??= []).push(r);
  }
  if (grad !== undefined) {
    const p = k.heap;
    const { divisor } = d;
    // Without weights or smoothing each coefficient is its label (coefficientOf).
    const plain = d.weights === undefined && d.u === 0;
    for (let r = 0, q = second, base = first * n; r < count; r++, q += n, base += n) {
      if (!(p[q] === p[q])) continue;
      const total = SUMS[3 * r + 1]!;
      const others = SUMS[3 * r + 2]!;
      for (let c = 0; c < n; c++) {
        const pc = p[q + c]!;
        const a = plain ? z[base + c]! : coefficientOf(z[base + c]!, c, d);
        // denseGradient's (Σa − a_top) − Σa (1 − p) at the maximum, gradientLoop's p Σa − a_c elsewhere.
        grad[base + c] = (pc < 0 ? others - total * -pc : pc * total - a) / divisor;
      }
    }
  }
  if (left === undefined) return;
  for (const r of left) {
    restSums(src, first + r, 1, n, 1, grad, 1, REST_LOGS);
    ROW_LOSSES[r] = denseSlice(src, z, (first + r) * n, 1, n, d, grad, 0, false);
  }
}

/**
 * denseSums of a short row r from the kernel's log-probabilities at `at`
 * (its maximum at `top` of the row): the same terms w z' (−log p_c), the
 * maximum's too, as topNegLog forms it where rest is normal (as on the
 * kernel's rows), the same sums, into SUMS at 3r.
 */
function shortRowSums(logs: Float64Array, at: number, z: Float64Array, base: number, n: number, top: number, d: Dense, r: number): void {
  let lossHi = 0;
  let lossLo = 0;
  let othersHi = 0;
  let othersLo = 0;
  let aTop = 0;
  for (let c = 0; c < n; c++) {
    const label = smoothedOf(z[base + c]!, d);
    const w = d.weights === undefined ? 1 : d.weights[c]!;
    if (label === 0 || w === 0) continue;
    const a = w * label;
    const t = label * (w * -logs[at + c]!);
    const s = lossHi + t;
    lossLo += twoSumError(lossHi, t, s);
    lossHi = s;
    if (c === top) {
      aTop = a;
      continue;
    }
    const o = othersHi + a;
    othersLo += twoSumError(othersHi, a, o);
    othersHi = o;
  }
  SUMS[3 * r] = compensatedTotal(lossHi, lossLo);
  const all = othersHi + aTop;
  SUMS[3 * r + 1] = all + (twoSumError(othersHi, aTop, all) + othersLo);
  SUMS[3 * r + 2] = othersHi + othersLo;
}

/**
 * p_c Σa − a_c over a slice whose terms e^(x_c − m) are in `grad`; see
 * {@link denseSlice} for the maximum. Where `passed`, the kernel has done the
 * main loop ({@link gradientPass}), and the subnormal terms and the maximum
 * are left.
 */
function denseGradient(
  src: Float64Array,
  grad: Float64Array,
  z: Float64Array,
  base: number,
  stride: number,
  n: number,
  top: number,
  d: Dense,
  rh: number,
  rl: number,
  tiny: number,
  total: number,
  others: number,
  passed: boolean,
): void {
  const hi = 1 + rh;
  const c = sumCorrection(rh, rl, hi);
  const divisor = d.divisor;
  if (!passed) gradientLoop(grad, z, base, stride, n, d, hi, c, total);
  if (tiny !== 0) {
    const coefficient = (k: number) => coefficientOf(z[base + k * stride]!, k, d);
    fixTinyGradients(src, grad, base, stride, n, hi, c, total, divisor, coefficient, src[top]!);
  }
  if (rh <= 1) grad[top] = (others - topRestShare(total, rh, rl, hi, c, tiny)) / divisor;
}

/**
 * denseGradient's main loop: each term t becomes ((q − q · c) · total − a) / divisor,
 * q = t / hi. A function of its own, so that V8 optimizes it apart: inside
 * denseGradient, a run on the kernels (which skips it) left it without type
 * feedback, and the next run in JavaScript deoptimized denseGradient over and
 * over (rows of 10 took 34 ns per element instead of 24 after rows of 1000).
 */
function gradientLoop(grad: Float64Array, z: Float64Array, base: number, stride: number, n: number, d: Dense, hi: number, c: number, total: number): void {
  const divisor = d.divisor;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const q = grad[i]! / hi;
    grad[i] = ((q - q * c) * total - coefficientOf(z[i]!, k, d)) / divisor;
  }
}

/**
 * Slices shorter than this keep denseGradient's loop: the records and the
 * labels' copy cost more than the loop saves (measured with 10^6 elements in
 * slices of 2 to 1000: the kernel 18% slower on slices of 2, 4% on slices of
 * 8, about even on 10 to 12, 4–8% faster on 16 to 24, 29% on 1000).
 */
const PASS_MIN = 16;

/**
 * The losses and gradients of the slices of a block by the kernel gradRows,
 * as a pass of the first pass ({@link RowPass}), while the terms are in the
 * module's memory: each slice's sums (denseSums, into SUMS), then
 * denseGradient's main loop with the slice's labels copied beside the terms,
 * a = keep · z + u (z itself without smoothing: see gradientRecord). Not with
 * weights, whose a_c are w_c z'_c (undefined then, or where the kernels cannot
 * run), nor on slices of fewer than PASS_MIN classes. Slices whose maximum is
 * not finite are left to denseSlice.
 */
function gradientPass(src: Float64Array, z: Float64Array, first: number, n: number, inner: number, d: Dense): RowPass | undefined {
  const k = n >= PASS_MIN && d.weights === undefined ? loadSecondPassKernels() : null;
  if (k === null) return undefined;
  const { heap, records } = k;
  const run = (rows: number, r0: number) => {
    for (let q = 0; q < rows; q++) {
      const rec = q * RECORD;
      if (records[rec]! < 0) continue;
      const r = r0 + q;
      denseSums(src, z, sliceBase(first + r, n, inner), inner, n, d, r);
      gradientRecord(records, rec, r, SUMS[3 * r + 1]!, d.divisor, d.keep, d.u);
    }
    // The labels beside the terms, gathered as the first pass gathered the
    // logits where the slices lie along another axis.
    if (inner === 1) copyRange(heap, HALF, z, (first + r0) * n, rows * n);
    else gatherSlices(heap, z, first + r0, rows, n, inner, HALF);
    k.exports.gradRows(DATA, rows, n, RECORDS, 8 * HALF);
  };
  return { room: HALF, run };
}

/**
 * Softmax cross-entropy with probability labels, fused:
 * loss = −Σ_c z_c log softmax(logits)_c per example, as TensorFlow's
 * `softmax_cross_entropy_with_logits(labels, logits)` and PyTorch's
 * `cross_entropy(input, target)` with class probabilities.
 *
 * "Logits" are the raw scores of a classifier's last layer, one per class; the
 * labels z are a distribution over the classes for each example (one-hot, or
 * soft). Computing the loss from the logits directly, rather than from
 * `softmax` and then `Math.log`, is what keeps it exact: each −log p_c is
 * (max − x_c) + log Σ e^(x − max), with no probability that underflows to 0 and
 * no `x − max − log(sum)` that returns 0 for a confident class.
 *
 * The logits are a flat row-major array of `shape` (default: one example, the
 * whole array), with the classes along `axis` (default the last); `labels` has
 * the same length and layout.
 *
 * Options, as PyTorch's `cross_entropy` with probability targets:
 * - `weights[c]`: loss = −Σ_c w_c z_c log p_c;
 * - `labelSmoothing` ε: the labels become (1 − ε) z + ε / C first;
 * - `reduction`: `'none'` (default) returns the losses, `'sum'` their sum,
 *   `'mean'` their sum divided by the number of examples (weights do not
 *   change the denominator here, unlike with integer labels; PyTorch's rule);
 * - `grad`: receives the gradient of the result with respect to the logits,
 *   p_c Σ a − a_c for the coefficients a_c = w_c z'_c (p − z for labels that
 *   sum to 1 and no weights), divided by the number of examples for the mean.
 *
 * With one-hot labels the result equals {@link sparseSoftmaxCrossEntropyWithLogits}
 * with the class indices, bit for bit (without label smoothing).
 *
 * Special values, per example: NaN in the logits or labels gives NaN; +∞
 * logits take the limit (they share probability 1): the loss is 0 when the
 * labels are one-hot on the only +∞, +∞ when a positive label sits on a
 * finite logit; only −∞ logits give NaN. A label of 0 contributes nothing, even
 * where its logit is −∞.
 *
 * Accuracy: the loss within 4 ULP for labels in [0, 1] and any logits; the
 * gradient within 4 ULP for one-hot labels, including the true class of a
 * confident prediction (p − 1 from the sum of the other terms). With soft
 * labels, p_c Σa − a_c cancels where the prediction matches the labels: the
 * gradient's error is then within a few ULP of the larger of the two terms.
 *
 * @param options - `logits`, `labels`, and optionally `shape`, `axis`, `weights`, `labelSmoothing`, `reduction`, `out`, `grad`.
 * @returns With `'none'`: a `Float64Array` of per-example losses (`out` when given). With `'sum'` or `'mean'`: a number.
 * @throws TypeError if an argument has the wrong type, an option is unknown, or `out` is given with `'sum'` or `'mean'`.
 * @throws RangeError if the shape or axis does not fit the logits, `labels` is not of the logits' length, `weights` is not one non-negative finite number per class, `labelSmoothing` is outside [0, 1], or `out` or `grad` has the wrong length or shares memory with an input. Nothing is written then.
 *
 * @example One-hot and soft labels
 * ```ts
 * import { softmaxCrossEntropyWithLogits } from "logits";
 *
 * softmaxCrossEntropyWithLogits({ logits: [2, 1, 0.1], labels: [1, 0, 0] }); // Float64Array [0.41703001627783354]
 * softmaxCrossEntropyWithLogits({ logits: [1, 2, 3, 1, 2, 3], labels: [0.2, 0.3, 0.5, 0, 0, 1], shape: [2, 3] }); // Float64Array [1.1076059644443803, 0.4076059644443803]
 * ```
 *
 * @example A confident, right prediction and its gradient: e^-40, not 0
 * ```ts
 * import { softmaxCrossEntropyWithLogits } from "logits";
 *
 * const grad = new Float64Array(2);
 * softmaxCrossEntropyWithLogits({ logits: [40, 0], labels: [1, 0], reduction: "sum", grad }); // 4.248354255291589e-18
 * grad; // Float64Array [-4.248354255291589e-18, 4.248354255291589e-18]
 * ```
 *
 * @example Special values
 * ```ts
 * import { softmaxCrossEntropyWithLogits } from "logits";
 *
 * softmaxCrossEntropyWithLogits({ logits: [Infinity, 0], labels: [1, 0], reduction: "sum" }); // 0
 * softmaxCrossEntropyWithLogits({ logits: [-Infinity, 0], labels: [1, 0], reduction: "sum" }); // Infinity
 * softmaxCrossEntropyWithLogits({ logits: [-Infinity, 0], labels: [0, 1], reduction: "sum" }); // 0
 * ```
 */
export function softmaxCrossEntropyWithLogits(options: SoftmaxCrossEntropyOptions & { reduction?: "none" | undefined }): Float64Array;
export function softmaxCrossEntropyWithLogits(options: SoftmaxCrossEntropyOptions & { reduction: "sum" | "mean" }): number;
export function softmaxCrossEntropyWithLogits(options: SoftmaxCrossEntropyOptions): Float64Array | number;
export function softmaxCrossEntropyWithLogits(options: SoftmaxCrossEntropyOptions): Float64Array | number {
  const fn = "softmaxCrossEntropyWithLogits";
  checkLossOptions(fn, options, KEYS);
  const { logits, labels } = options;
  const length = checkRealArray(fn, "logits", logits);
  checkDenseLabels(fn, labels, length);
  const { outer, n, inner } = sliceLayout(fn, "logits", length, options.shape, options.axis);
  const examples = outer * inner;
  const reduction = checkReduction(fn, options.reduction);
  const eps = checkLabelSmoothing(fn, options.labelSmoothing);
  const weights = checkWeights(fn, "weights", options.weights, n, "the number of classes");
  const { losses, gradient } = lossOutputs(fn, reduction, options.out, examples, "the number of examples", options.grad, length, [
    logits,
    labels,
    options.weights,
  ]);
  const d: Dense = { keep: 1 - eps, u: eps / n, weights, divisor: reduction === "mean" ? examples : 1 };
  const src = isFloat64Array(logits) ? logits : Float64Array.from(logits);
  const z = isFloat64Array(labels) ? labels : Float64Array.from(labels);
  let hi = 0;
  let lo = 0;
  // Short rows on their own kernels; the others block by block, as softmax:
  // the first pass over a block of examples (restSums, the terms into the
  // gradient), then each example's loss.
  const short = inner === 1 && n <= SHORT_LOSS_MAX ? shortRowKernels(length, n) : null;
  for (let first = 0; first < examples; first += BLOCK) {
    const count = Math.min(BLOCK, examples - first);
    if (short !== null) denseShortRows(short, src, z, first, count, n, d, gradient);
    else {
      const pass = gradient === undefined ? undefined : gradientPass(src, z, first, n, inner, d);
      const passed = restSums(src, first, count, n, inner, gradient, 1, REST_LOGS, pass) && pass !== undefined;
      for (let r = 0; r < count; r++) ROW_LOSSES[r] = denseSlice(src, z, sliceBase(first + r, n, inner), inner, n, d, gradient, r, passed);
    }
    for (let r = 0; r < count; r++) {
      const loss = ROW_LOSSES[r]!;
      if (losses !== undefined) losses[first + r] = loss;
      const sum = hi + loss;
      lo += twoSumError(hi, loss, sum);
      hi = sum;
    }
  }
  if (losses !== undefined) return losses;
  const total = compensatedTotal(hi, lo);
  return reduction === "mean" ? total / examples : total;
}
