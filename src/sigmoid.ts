import { checkOptions, elementwiseOutput, sourceArray } from "./internal/arrays.js";
import { EXP_TAIL, expOf } from "./internal/exp.js";
import { fastTwoSumError } from "./internal/float.js";
import { runKernel } from "./internal/wasm.js";
import type { ElementwiseOptions, RealArray } from "./types.js";

/**
 * The logistic sigmoid of one double, σ(x) = 1 / (1 + e^(−x)).
 *
 * Only e = e^(−|x|) ≤ 1 is computed, so nothing overflows, and σ is taken as
 * n / (1 + e) with the numerator n = 1 for x ≥ 0 and n = e for x < 0:
 * - the textbook `1 / (1 + exp(−x))` overflows exp for x < −709.78 and returns
 *   0 where σ(x) is still a normal or subnormal double;
 * - `1 / exp(−x)` for negative x would be no better: dividing by e^(−x) turns
 *   exp's relative error into up to twice as many ULPs when the quotient falls
 *   in a lower binade; e^x / (1 + e^x) keeps e^x in the numerator, so its error
 *   passes through damped by 1/(1 + e).
 *
 * e is taken with its tail t (exp's own rounding error, EXP_TAIL after expOf),
 * and the sum s = 1 + e is rounded, its error e − (s − 1) exact (Fast2Sum, as
 * 1 ≥ e): with err = e − (s − 1) + t, the numerator n + m·t over s + err is
 * q + (m·t − q·err)/s to first order, q = n/s. Without err the addition's
 * half-ULP passes straight into the result, and without t exp's rounding does
 * (for x < 0 nearly whole): together they were up to 1.6 ULP; so arranged
 * the division's rounding and the last addition's are all that is left
 * (measured below 1 ULP, at most 1.125 with exp's 2^-56).
 *
 * The numerator is selected arithmetically, m·e + (1 − m) with m = 1 for x < 0
 * and 0 otherwise (exact either way), not by a branch: logits have random
 * signs, and a mispredicted branch costs more than the exp it guards.
 * NaN propagates through exp; ±∞ give e = 0 and so 1 and 0 exactly.
 *
 * @internal
 */
export function sigmoidOf(x: number): number {
  const e = expOf(-Math.abs(x));
  const t = EXP_TAIL[0]!;
  const s = 1 + e;
  const err = fastTwoSumError(1, e, s) + t;
  const m = Number(x < 0);
  const q = (m * e + (1 - m)) / s;
  return q + (m * t - q * err) / s;
}

/**
 * The logistic sigmoid σ(x) = 1 / (1 + e^(−x)), the inverse of {@link logit}: it
 * turns a logit (log-odds) into a probability.
 *
 * Given a number, returns a number. Given an array (`Float64Array`,
 * `Float32Array` or `number[]`), returns a `Float64Array` of σ of each element,
 * written into `options.out` when given (which may be `x` itself, for in place).
 *
 * Special values: `σ(NaN) = NaN`, `σ(+∞) = 1`, `σ(−∞) = 0`, `σ(±0) = 0.5`.
 * σ(x) rounds to 1 for x > 36.74 and underflows to 0 for x < −745.13, where the
 * exact value is below half the smallest subnormal.
 *
 * Accuracy: within 1.125 ULP of the exact value for every double input,
 * subnormal results included (measured maximum 0.999 ULP: below 1 ULP in every
 * test and sample so far; it was 1.6 before exp's rounding error was carried
 * into the division). Never overflows.
 *
 * @param x - A logit.
 * @returns σ(x).
 *
 * @example Probabilities from logits
 * ```ts
 * import { sigmoid } from "logits";
 *
 * sigmoid(0); // 0.5
 * sigmoid(2); // 0.8807970779778824 (correctly rounded; 1 / (1 + Math.exp(-2)) gives 0.8807970779778823)
 * sigmoid(new Float64Array([-1, 0, 1])); // Float64Array [0.2689414213699951, 0.5, 0.7310585786300049]
 * ```
 *
 * @example Far tails: no overflow, subnormal results kept
 * ```ts
 * import { sigmoid } from "logits";
 *
 * sigmoid(-40); // 4.248354255291589e-18
 * sigmoid(-740); // 4.2e-322 (subnormal; 1 / (1 + Math.exp(740)) gives 0)
 * sigmoid(40); // 1
 * ```
 *
 * @example Special values and in place
 * ```ts
 * import { sigmoid } from "logits";
 *
 * sigmoid(Infinity); // 1
 * sigmoid(-Infinity); // 0
 * sigmoid(NaN); // NaN
 * const x = new Float64Array([-2, 2]);
 * sigmoid(x, { out: x }); // x is now [0.11920292202211755, 0.8807970779778824]
 * ```
 */
export function sigmoid(x: number): number;
/**
 * σ(x) of each element of `x`, as a `Float64Array`: the same computation, accuracy and
 * special values as for a single number, over a `Float64Array` (the fast path),
 * a `Float32Array` or a `number[]` (computed in double precision). Arrays of 6 elements or more
 * run a WebAssembly SIMD kernel where the engine has one, performing the same
 * operations: the same results, bit for bit.
 *
 * @param x - The input array. It is not modified unless passed as `out`.
 * @param options - `out`: where to write the result, of the length of `x` (may be `x`, for in place).
 * @returns `options.out` when given, else a new `Float64Array`. With `out`, nothing that grows with the input is allocated.
 * @throws TypeError if `x` is not an accepted array, holds a non-number, `out` is not a `Float64Array`, or an option is unknown.
 * @throws RangeError if `out` does not have the length of `x`, or overlaps `x` at another offset.
 *
 * @example Arrays
 * ```ts
 * import { sigmoid } from "logits";
 *
 * const logits = new Float64Array([-2, 0, 2]);
 * sigmoid(logits); // Float64Array [0.11920292202211755, 0.5, 0.8807970779778824]
 * sigmoid(logits, { out: logits }); // in place: logits now holds the probabilities
 * ```
 */
export function sigmoid(x: RealArray, options?: ElementwiseOptions): Float64Array;
export function sigmoid(x: number | RealArray, options?: ElementwiseOptions): number | Float64Array {
  if (typeof x === "number") {
    if (options !== undefined) checkOptions("sigmoid", options, [], " for a number x");
    return sigmoidOf(x);
  }
  checkOptions("sigmoid", options, ["out"]);
  const y = elementwiseOutput("sigmoid", x, options?.out);
  const src = sourceArray(x, y);
  // The WebAssembly kernel computes sigmoidOf's very operations (internal/kernels.wat):
  // the same bits, two at a time; this loop is its fallback.
  if (!runKernel("sigmoid", src, y)) for (let i = 0; i < y.length; i++) y[i] = sigmoidOf(src[i]!);
  return y;
}
