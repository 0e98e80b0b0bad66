import { checkOptions, elementwiseOutput, sourceArray } from "./internal/arrays.js";
import { EXP_TAIL, expOf } from "./internal/exp.js";
import { log1pUnitPlus } from "./internal/log.js";
import { runKernel } from "./internal/wasm.js";
import type { ElementwiseOptions, RealArray } from "./types.js";

/**
 * softplus of one double, log(1 + e^x).
 *
 * - x > 0: x + log1p(e^(−x)). Taking exp of a positive x would overflow for
 *   x > 709.78, and log(1 + e^x) of a large e^x rounds 1 + e^x first; the sum
 *   of two non-negative terms has no cancellation, and for x > 36.7 the second
 *   term is below half an ULP of x, so the result is x, as it should be. There
 *   is no cut-off threshold as in PyTorch's `softplus(threshold=20)`, which
 *   returns x with an error of e^(−20) ≈ 2e-9, millions of ULP in double.
 * - x ≤ 0: log1p(e^x). `log(1 + e^x)` would round 1 + e^x to 1 and return 0 for
 *   x < −37, where the result is e^x; log1p keeps every digit, down to the
 *   subnormal range.
 * - Two roundings are kept out of the result (they took it to 1.4 ULP): exp's,
 *   by carrying its tail into log1p (for x far below 0, softplus(x) ≈ e^x
 *   would carry it whole), and that of log1p(e^(−x)) before x is added (for x
 *   in (0, 0.88], where that log is most of the sum), by adding x inside log's
 *   last steps (log1pUnitPlus in internal/log.ts). What is left is one
 *   rounding and log's series: 0.78 ULP measured.
 *
 * NaN fails `x > 0` and propagates through exp and log1p.
 *
 * @internal
 */
export function softplusOf(x: number): number {
  // One log1p of e^(−|x|) for both signs: x + log1p(e^−x) above 0, log1p(e^x)
  // below (one call site keeps the inlined loop small). e is taken with its
  // tail (below 0 the result is near e^x far out, and would carry exp's
  // rounding whole), and x > 0 is added inside log1p's last steps.
  const e = expOf(-Math.abs(x));
  return log1pUnitPlus(x > 0 ? x : 0, e, EXP_TAIL[0]!);
}

/**
 * softplus(x) = log(1 + e^x), the smooth approximation of max(0, x); it is also
 * −log σ(−x), the loss of a logit x for the negative class.
 *
 * Given a number, returns a number. Given an array (`Float64Array`,
 * `Float32Array` or `number[]`), returns a `Float64Array`, written into
 * `options.out` when given (which may be `x` itself, for in place).
 *
 * Special values: `softplus(NaN) = NaN`, `softplus(+∞) = +∞`,
 * `softplus(−∞) = 0`, `softplus(±0) = ln 2`. softplus(x) = x exactly (as a
 * double) for x > 36.7, and e^x for x < −37, down to the subnormal range; it
 * underflows to 0 only below −745.13.
 *
 * Accuracy: within 1 ULP of the exact value for every double input (measured
 * maximum 0.78 ULP; it was 1.4 before exp's rounding error was carried into
 * the log and x added inside it). No threshold: every x is computed, never
 * approximated by x or 0 early.
 *
 * @param x - A real number.
 * @returns log(1 + e^x).
 *
 * @example Around zero
 * ```ts
 * import { softplus } from "logits";
 *
 * softplus(0); // 0.6931471805599453 (ln 2)
 * softplus(1); // 1.3132616875182228
 * softplus(new Float64Array([-1, 0, 1])); // Float64Array [0.3132616875182228, 0.6931471805599453, 1.3132616875182228]
 * ```
 *
 * @example Large and very negative inputs: no overflow, no flush to zero
 * ```ts
 * import { softplus } from "logits";
 *
 * softplus(1000); // 1000 (Math.log(1 + Math.exp(1000)) is Infinity)
 * softplus(-50); // 1.9287498479639178e-22 (Math.log(1 + Math.exp(-50)) is 0)
 * softplus(-740); // 4.2e-322
 * ```
 *
 * @example Special values
 * ```ts
 * import { softplus } from "logits";
 *
 * softplus(Infinity); // Infinity
 * softplus(-Infinity); // 0
 * softplus(NaN); // NaN
 * ```
 */
export function softplus(x: number): number;
/**
 * log(1 + e^x) of each element of `x`, as a `Float64Array`: the same computation, accuracy and
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
 * import { softplus } from "logits";
 *
 * const x = new Float64Array([-1, 0, 1]);
 * softplus(x); // Float64Array [0.3132616875182228, 0.6931471805599453, 1.3132616875182228]
 * softplus(x, { out: x }); // in place
 * ```
 */
export function softplus(x: RealArray, options?: ElementwiseOptions): Float64Array;
export function softplus(x: number | RealArray, options?: ElementwiseOptions): number | Float64Array {
  if (typeof x === "number") {
    if (options !== undefined) checkOptions("softplus", options, [], " for a number x");
    return softplusOf(x);
  }
  checkOptions("softplus", options, ["out"]);
  const y = elementwiseOutput("softplus", x, options?.out);
  const src = sourceArray(x, y);
  // The WebAssembly kernel computes softplusOf's very operations (internal/kernels.wat):
  // the same bits, two at a time; this loop is its fallback.
  if (!runKernel("softplus", src, y)) for (let i = 0; i < y.length; i++) y[i] = softplusOf(src[i]!);
  return y;
}
