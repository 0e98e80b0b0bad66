import { checkOptions, elementwiseOutput, elementwiseSource } from "./internal/arrays.js";
import type { ElementwiseOptions, RealArray } from "./types.js";

/**
 * The logistic sigmoid of one double, σ(x) = 1 / (1 + e^(−x)).
 *
 * - x < −708: e^(−x) would overflow (above 709.78) and the textbook formula
 *   return 0 where σ(x) is still a normal or subnormal double. Here
 *   σ(x) = e^x / (1 + e^x) = e^x · (1 − e^x + …), and e^x < 2^-1021 makes the
 *   factor 1 to far below an ULP, so σ(x) is e^x itself, subnormals included.
 * - otherwise 1 / (1 + e^(−x)), with the rounding error of the sum 1 + e
 *   recovered exactly (TwoSum, as either term may be the larger) and removed
 *   to first order, 1/(s + err) ≈ q − q²·err with q = 1/s. Without it the
 *   addition's half-ULP passes straight into the result (worst case near
 *   1.9 ULP instead of about 1.55). One formula for both signs, so the loop has
 *   no data-dependent branch to mispredict.
 *
 * NaN fails `x < −708` and propagates through exp.
 *
 * @internal
 */
export function sigmoidOf(x: number): number {
  if (x < -708) return Math.exp(x);
  const e = Math.exp(-x);
  const s = 1 + e;
  const b = s - 1;
  const err = 1 - (s - b) + (e - b);
  const q = 1 / s;
  return q - q * q * err;
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
 * Accuracy: within 2 ULP of the exact value for every double input, subnormal
 * results included (measured maximum about 1.55 ULP). Never overflows.
 *
 * @param x - A logit.
 * @returns σ(x).
 *
 * @example Probabilities from logits
 * ```ts
 * import { sigmoid } from "logits";
 *
 * sigmoid(0); // 0.5
 * sigmoid(2); // 0.8807970779778823
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
 * sigmoid(x, { out: x }); // x is now [0.11920292202211755, 0.8807970779778823]
 * ```
 */
export function sigmoid(x: number): number;
/**
 * σ(x) of each element of `x`, as a `Float64Array`: the same computation, accuracy and
 * special values as for a single number, over a `Float64Array` (the fast path),
 * a `Float32Array` or a `number[]` (computed in double precision).
 *
 * @param x - The input array. It is not modified unless passed as `out`.
 * @param options - `out`: where to write the result, of the length of `x` (may be `x`, for in place).
 * @returns `options.out` when given, else a new `Float64Array`. With `out`, nothing that grows with the input is allocated.
 * @throws TypeError if `x` is not an accepted array, holds a non-number, or `out` is not a `Float64Array`.
 * @throws RangeError if `out` does not have the length of `x`.
 *
 * @example Arrays
 * ```ts
 * import { sigmoid } from "logits";
 *
 * const logits = new Float64Array([-2, 0, 2]);
 * sigmoid(logits); // Float64Array [0.11920292202211755, 0.5, 0.8807970779778823]
 * sigmoid(logits, { out: logits }); // in place: logits now holds the probabilities
 * ```
 */
export function sigmoid(x: RealArray, options?: ElementwiseOptions): Float64Array;
export function sigmoid(x: number | RealArray, options?: ElementwiseOptions): number | Float64Array {
  if (typeof x === "number") return sigmoidOf(x);
  checkOptions("sigmoid", options);
  const y = elementwiseOutput("sigmoid", x, options?.out);
  const src = elementwiseSource(x, y);
  for (let i = 0; i < y.length; i++) y[i] = sigmoidOf(src[i]!);
  return y;
}
