import { checkOptions, elementwiseOutput, sourceArray } from "./internal/arrays.js";
import { runKernel } from "./internal/wasm.js";
import { softplusOf } from "./softplus.js";
import type { ElementwiseOptions, RealArray } from "./types.js";

/**
 * log σ(x) of one double, computed as −softplus(−x): negation is exact, so it is
 * exactly as accurate as {@link softplusOf}. The textbook `log(sigmoid(x))`
 * loses everything for x < −745 (σ underflows to 0, log gives −∞ where the
 * answer is ≈ x) and rounds σ to 1 for x > 36.7 (log gives 0 where the answer
 * is ≈ −e^(−x)).
 *
 * @internal
 */
export function logSigmoidOf(x: number): number {
  return -softplusOf(-x);
}

/**
 * The log-sigmoid log σ(x) = −log(1 + e^(−x)) = −softplus(−x): the
 * log-probability of the positive class for a logit x, and minus its binary
 * cross-entropy loss.
 *
 * Given a number, returns a number. Given an array (`Float64Array`,
 * `Float32Array` or `number[]`), returns a `Float64Array`, written into
 * `options.out` when given (which may be `x` itself, for in place).
 *
 * Special values: `logSigmoid(NaN) = NaN`, `logSigmoid(+∞) = 0`,
 * `logSigmoid(−∞) = −∞`, `logSigmoid(±0) = −ln 2`. logSigmoid(x) = x exactly
 * for x < −36.7 and −e^(−x) for x > 37 (to 0 only above 745.13).
 *
 * Accuracy: within 1 ULP of the exact value for every double input (measured
 * maximum 0.76 ULP); it is exactly −softplus(−x), bit for bit.
 *
 * @param x - A logit.
 * @returns log σ(x) ≤ 0.
 *
 * @example Log-probabilities from logits
 * ```ts
 * import { logSigmoid } from "logits";
 *
 * logSigmoid(0); // -0.6931471805599453 (log 0.5)
 * logSigmoid(2); // -0.1269280110429725
 * logSigmoid(new Float64Array([-1, 1])); // Float64Array [-1.3132616875182228, -0.3132616875182228]
 * ```
 *
 * @example Tails where log(sigmoid(x)) fails
 * ```ts
 * import { logSigmoid } from "logits";
 *
 * logSigmoid(-800); // -800 (Math.log(1 / (1 + Math.exp(800))) is -Infinity)
 * logSigmoid(50); // -1.9287498479639178e-22 (Math.log(1 / (1 + Math.exp(-50))) is 0)
 * ```
 *
 * @example Special values
 * ```ts
 * import { logSigmoid } from "logits";
 *
 * logSigmoid(Infinity); // -0 (the limit, approached from below; as SciPy's log_expit)
 * logSigmoid(-Infinity); // -Infinity
 * logSigmoid(NaN); // NaN
 * ```
 */
export function logSigmoid(x: number): number;
/**
 * log σ(x) of each element of `x`, as a `Float64Array`: the same computation, accuracy and
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
 * import { logSigmoid } from "logits";
 *
 * const logits = new Float64Array([-1, 1]);
 * logSigmoid(logits); // Float64Array [-1.3132616875182228, -0.3132616875182228]
 * logSigmoid(logits, { out: new Float64Array(2) }); // into a buffer of your own
 * ```
 */
export function logSigmoid(x: RealArray, options?: ElementwiseOptions): Float64Array;
export function logSigmoid(x: number | RealArray, options?: ElementwiseOptions): number | Float64Array {
  if (typeof x === "number") {
    if (options !== undefined) checkOptions("logSigmoid", options, [], " for a number x");
    return logSigmoidOf(x);
  }
  checkOptions("logSigmoid", options, ["out"]);
  const y = elementwiseOutput("logSigmoid", x, options?.out);
  const src = sourceArray(x, y);
  // The WebAssembly kernel computes logSigmoidOf's very operations (internal/kernels.wat):
  // the same bits, two at a time; this loop is its fallback.
  if (!runKernel("logSigmoid", src, y)) for (let i = 0; i < y.length; i++) y[i] = logSigmoidOf(src[i]!);
  return y;
}
