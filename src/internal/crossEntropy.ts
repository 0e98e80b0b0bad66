/**
 * What the fused losses share: their option checks (reduction, label smoothing,
 * class weights, the loss and gradient buffers), −log p_c from a slice's
 * log-sum, the softmax gradient of one slice, and the limits of a slice whose
 * maximum is not finite.
 *
 * Every softmax loss of a slice is Σ_c a_c · (−log p_c) for coefficients
 * a_c ≥ 0 (the weighted, smoothed labels), and its gradient with respect to
 * the logits is p_c · Σ a − a_c.
 */
import type { Reduction } from "../types.js";
import { checkOptions, checkRealArray, checkSeparate, describe, isFloat64Array, isOptionsObject, outputBuffer } from "./arrays.js";
import { expOf } from "./exp.js";
import { MIN_NORMAL, RESTS, TINY_FLOOR, infiniteSliceCount, scaledTinyTerm, sumCorrection } from "./expSum.js";
import { twoSumError } from "./float.js";
import { logOf } from "./log.js";

/** Checks a reduction: undefined (`'none'`), `'none'`, `'sum'` or `'mean'`. */
export function checkReduction(fn: string, reduction: unknown): Reduction {
  if (reduction === undefined) return "none";
  if (reduction === "none" || reduction === "sum" || reduction === "mean") return reduction;
  if (typeof reduction !== "string") throw new TypeError(`${fn}: reduction must be a string; got ${describe(reduction)}`);
  throw new RangeError(`${fn}: reduction must be 'none', 'sum' or 'mean'; got '${reduction}'`);
}

/** Checks a label smoothing ε: undefined (0) or a number in [0, 1]. */
export function checkLabelSmoothing(fn: string, eps: unknown): number {
  if (eps === undefined) return 0;
  if (typeof eps !== "number") throw new TypeError(`${fn}: labelSmoothing must be a number; got ${describe(eps)}`);
  if (!(eps >= 0 && eps <= 1)) throw new RangeError(`${fn}: labelSmoothing must be in [0, 1]; got ${eps}`);
  return eps;
}

/**
 * Checks per-class (or per-position) weights: undefined, or an accepted real
 * array of `count` non-negative finite numbers, returned as a `Float64Array`.
 */
export function checkWeights(fn: string, arg: string, w: unknown, count: number, what: string): Float64Array | undefined {
  if (w === undefined) return undefined;
  const length = checkRealArray(fn, arg, w);
  if (length !== count) throw new RangeError(`${fn}: ${arg} has length ${length} but ${what} is ${count}`);
  const values = isFloat64Array(w) ? w : Float64Array.from(w as Float32Array | readonly number[]);
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v < Infinity)) throw new RangeError(`${fn}: ${arg}[${i}] must be non-negative and finite; got ${v}`);
  }
  return values;
}

/**
 * The output buffers of a loss: the per-example losses (with `'none'`: `out`
 * checked, or a new array; an `out` with `'sum'` or `'mean'` is a `TypeError`)
 * and the gradient (`grad` checked against the logits' length). Neither may
 * share memory with the inputs, which are read after the outputs are written.
 */
export function lossOutputs(
  fn: string,
  reduction: Reduction,
  out: unknown,
  count: number,
  countName: string,
  grad: unknown,
  length: number,
  inputs: readonly unknown[],
): { losses: Float64Array | undefined; gradient: Float64Array | undefined } {
  if (out !== undefined && reduction !== "none") {
    throw new TypeError(`${fn}: out holds per-example losses and needs reduction 'none'; got '${reduction}'`);
  }
  const losses = reduction === "none" ? outputBuffer(fn, out, count, countName) : undefined;
  const gradient = grad === undefined ? undefined : outputBuffer(fn, grad, length, "logits", "grad");
  checkSeparate(fn, out === undefined ? undefined : losses, "out", gradient, "grad", inputs);
  return { losses, gradient };
}

/**
 * −log p for an element v of a slice with maximum m and log-sum log Σ e^(x − m)
 * = lh + ll: (m − v) + log Σ, two non-negative terms, with the rounding errors
 * of m − v and of the sum recovered (TwoSum) and added in one final rounding,
 * as logSoftmax does. +∞ for v = −∞.
 */
export function negLogProbability(v: number, m: number, lh: number, ll: number): number {
  const d = m - v;
  const r = d + lh;
  return r === Infinity ? r : r + (twoSumError(d, lh, r) + twoSumError(m, -v, d) + ll);
}

/**
 * Fills in the record at `rec` (RECORD doubles, see kernels.wat's gradRows)
 * of slice r of a block, whose rest is in RESTS, for the kernel that forms
 * its gradient ((q − q · c) · total − a) / divisor with a = keep · z + u, as
 * the losses' loops do: 1 + rest as hi (1 + c) ({@link sumCorrection}), the
 * slice's total Σa, the divisor, keep and u. A u of 0 goes in as −0, so
 * that a = z + (−0) is z to the sign of a zero, as the loops' a = z. The top and the label index are
 * the caller's.
 */
export function gradientRecord(records: Float64Array, rec: number, r: number, total: number, divisor: number, keep: number, u: number): void {
  const rh = RESTS[3 * r]!;
  const hi = 1 + rh;
  records[rec + 2] = hi;
  records[rec + 3] = sumCorrection(rh, RESTS[3 * r + 1]!, hi);
  records[rec + 4] = total;
  records[rec + 5] = divisor;
  records[rec + 6] = keep;
  records[rec + 7] = u === 0 ? -0 : u;
}

/**
 * Redoes the gradient p · total − a of the elements of a slice (maximum m,
 * 1 + rest = hi (1 + c)) whose term e^(x − m) was subnormal: the stored term
 * has lost digits, and a total above 1 (weights) magnifies that rounding (it
 * cost 4.3 ULP for [713.0, 0, 0, 0, 0] with a weight of 8.95). The term is
 * formed again scaled by 2^600 ({@link scaledTinyTerm}), multiplied, and
 * scaled back with one rounding. Only called for slices where restSum saw
 * such a term, so that the common path pays nothing.
 */
export function fixTinyGradients(
  src: Float64Array,
  grad: Float64Array,
  base: number,
  stride: number,
  n: number,
  hi: number,
  c: number,
  total: number,
  divisor: number,
  coefficient: (k: number) => number,
  m: number,
): void {
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const v = src[i]!;
    const d = v - m;
    if (!(expOf(d) < MIN_NORMAL && d > TINY_FLOOR)) continue;
    const q = scaledTinyTerm(d, twoSumError(v, -m, d)) / hi;
    grad[i] = ((q - q * c) * total * 2 ** -600 - coefficient(k)) / divisor;
  }
}

/**
 * w · (−log p_top) = w · log1p(rest) for the slice's maximum m. Where rest is
 * below the normal range (every term subnormal, or underflowed), log1p(rest)
 * is rest to the last bit and rest itself has lost digits (or is 0): w · rest
 * is formed from `tiny`, the terms' sum scaled by 2^600 (from restSum, in RESTS), so
 * that a large weight neither magnifies the lost digits nor multiplies a 0
 * ([800, 0] with weights [1e300, 1] costs 3.7e-48, not 0).
 */
export function topNegLog(w: number, m: number, lh: number, ll: number, rh: number, tiny: number): number {
  return rh < MIN_NORMAL ? w * tiny * 2 ** -600 : w * negLogProbability(m, m, lh, ll);
}

/** total · (1 − p_top) = total · rest / (1 + rest), from `tiny` where rest is below the normal range (see {@link topNegLog}). */
export function topRestShare(total: number, rh: number, rl: number, hi: number, c: number, tiny: number): number {
  return rh < MIN_NORMAL ? total * tiny * 2 ** -600 : total * restFraction(rh, rl, hi, c);
}

/**
 * 1 − p_top = rest / (1 + rest) for the slice's maximum, from rest = rh + rl and
 * 1 + rest = hi (1 + c): the complement of the confident class's probability,
 * to its own precision (1 − p would cancel).
 */
export function restFraction(rh: number, rl: number, hi: number, c: number): number {
  const q = rh / hi;
  return q - q * c + rl / hi;
}

/**
 * The loss Σ a_c (−log p_c) of a slice whose maximum is not finite, and its
 * gradient (divided by `divisor`) when `grad` is given: the limits of SPEC §3. The
 * +∞ entries share probability 1 (−log p = log count), the others have p = 0
 * (−log p = +∞, which counts only where a_c > 0: an infinitely confident wrong
 * prediction costs +∞, a right one 0). A slice of only −∞ (or with a NaN) is NaN.
 * Coefficients come from `coefficient(k)` for the k-th element: a slow path.
 */
export function infiniteSliceLoss(
  src: Float64Array,
  base: number,
  stride: number,
  n: number,
  coefficient: (k: number) => number,
  grad: Float64Array | undefined,
  divisor: number,
): number {
  const count = infiniteSliceCount(src, base, stride, n);
  const fine = count > 0;
  let loss = 0;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const a = coefficient(k);
    total += a;
    if (a !== 0) loss += a * (src[base + k * stride] === Infinity ? logOf(count) : Infinity);
  }
  if (grad !== undefined) {
    for (let k = 0, i = base; k < n; k++, i += stride) {
      const p = src[i] === Infinity ? 1 / count : 0;
      grad[i] = fine ? (p * total - coefficient(k)) / divisor : NaN;
    }
  }
  return fine ? loss : NaN;
}

/**
 * Checks integer class labels (`Int32Array`, `Uint32Array` or `number[]`): one
 * per example, each an integer in [0, classes) or the ignore index (NaN for
 * none: no label equals it, checkIgnoreIndex's). Returns the
 * mean's denominator as PyTorch's: Σ weights[label] over the labels not ignored
 * (their count without weights), summed with compensation.
 */
export function checkIntegerLabels(
  fn: string,
  labels: unknown,
  examples: number,
  classes: number,
  ignoreIndex: number,
  weights: Float64Array | undefined,
): number {
  const typed = labels instanceof Int32Array || labels instanceof Uint32Array;
  if (!typed && !Array.isArray(labels)) {
    throw new TypeError(`${fn}: labels must be an Int32Array, Uint32Array or number[]; got ${describe(labels)}`);
  }
  const values = labels as ArrayLike<unknown>;
  if (values.length !== examples) {
    throw new RangeError(`${fn}: labels has length ${values.length} but there are ${examples} examples (logits without the class axis)`);
  }
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < examples; i++) {
    const y = values[i];
    if (typeof y !== "number") throw new TypeError(`${fn}: labels[${i}] must be a number; got ${describe(y)}`);
    if (y === ignoreIndex) continue;
    if (!Number.isInteger(y)) throw new RangeError(`${fn}: labels[${i}] must be an integer class index; got ${y}`);
    if (y < 0 || y >= classes) {
      const ignore = ignoreIndex === ignoreIndex ? ` or the ignoreIndex ${ignoreIndex}` : "";
      throw new RangeError(`${fn}: labels[${i}] is ${y}, outside the classes [0, ${classes})${ignore}`);
    }
    const w = weights === undefined ? 1 : weights[y]!;
    const s = hi + w;
    lo += twoSumError(hi, w, s);
    hi = s;
  }
  return hi + lo;
}

/**
 * Checks an ignore index: undefined (none) or an integer, returned as NaN for
 * none, which no label equals. A number either way: the per-row tests
 * `label === ignoreIndex` against undefined took V8's generic comparison, 8%
 * of the sparse loss's time with its gradient on rows of 3.
 */
export function checkIgnoreIndex(fn: string, ignoreIndex: unknown): number {
  if (ignoreIndex === undefined) return NaN;
  if (typeof ignoreIndex !== "number") throw new TypeError(`${fn}: ignoreIndex must be a number; got ${describe(ignoreIndex)}`);
  if (!Number.isInteger(ignoreIndex)) throw new RangeError(`${fn}: ignoreIndex must be an integer; got ${ignoreIndex}`);
  return ignoreIndex;
}

/**
 * Checks that a loss' options argument is an object (it holds the required
 * logits and labels) with no key outside `keys` (see {@link checkOptions}).
 */
export function checkLossOptions(fn: string, options: unknown, keys: readonly string[]): void {
  if (!isOptionsObject(options)) {
    throw new TypeError(`${fn}: expects one options object { logits, labels, … }; got ${describe(options)}`);
  }
  checkOptions(fn, options, keys);
}

/** Checks probability labels (softmax, sigmoid): an accepted real array of the logits' length. */
export function checkDenseLabels(fn: string, labels: unknown, length: number): void {
  const labelLength = checkRealArray(fn, "labels", labels);
  if (labelLength !== length) throw new RangeError(`${fn}: labels has length ${labelLength} but logits has length ${length}`);
}

/**
 * hi + lo of a compensated sum of non-negative terms (TwoSum into lo). An
 * infinite term makes hi +∞ and leaves NaN in lo: the sum is then hi.
 */
export function compensatedTotal(hi: number, lo: number): number {
  return hi < Infinity ? hi + lo : hi;
}
