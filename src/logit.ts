import { checkOptions, describe, elementwiseOutput, sourceArray } from "./internal/arrays.js";
import { twoProductError } from "./internal/float.js";
import { logPlus } from "./internal/log.js";
import { inChunks, loadLogitKernels, wasmPath } from "./internal/wasm.js";
import type { LogitOptions, LogitScalarOptions, RealArray } from "./types.js";

/**
 * logit of one double, log(p / (1 − p)), as log(q) plus a correction for the
 * two roundings made in forming q, so that no cancellation is left anywhere:
 *
 * Near p = 0.5 the textbook `log(p / (1 − p))` takes the log of a number next
 * to 1: the roundings of 1 − p and of the division, 2^-53 each, are absolute
 * errors in a result as small as 2^-52, up to 10^8 ULP. Both are recovered
 * exactly instead:
 * - d = 1 − p rounded; e = (1 − d) − p is its exact error, so 1 − p = d + e
 *   (for p < 0.5, d ≥ 0.5 makes 1 − d exact by Sterbenz, and 1 − d is p's
 *   neighbour, so their difference is exact too; for p ≥ 0.5, d is exact and
 *   e = 0);
 * - q = p / d rounded; r = p − q·d is the exact remainder, with the product
 *   formed exactly by Dekker's splitting (JavaScript has no fused multiply-add);
 * - p / (d + e) = q · (1 + r/p) / (1 + e/d), so logit(p) = log q + r/p − e/d,
 *   the neglected terms being of order 2^-106. log q is our own (log.ts,
 *   `logPlus`), accurate to its last bit near q = 1, where it is computed
 *   from the exact q − 1, and the correction enters its small part before the
 *   last rounding. The WebAssembly kernel (kernels.wat, `$logit2`) repeats
 *   these steps: the same bits on both paths and on every engine.
 * For subnormal p, d = 1, q = p and r = 0 exactly: the result is log p + p.
 *
 * p = 0, p = 1, NaN and p outside [0, 1] get the plain formula's IEEE
 * results (−∞, +∞, NaN), whose correction terms would be NaN.
 * One formula for all of (0, 1), so the loop has no data-dependent branch.
 *
 * @internal
 */
export function logitOf(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const d = 1 - p;
  const e = 1 - d - p;
  const q = p / d;
  const qd = q * d;
  // p − qd is exact (qd is p's neighbour, Sterbenz); the product's own error is exact too.
  const r = p - qd - twoProductError(q, d, qd);
  return logPlus(q, r / p - e / d);
}

/** Validates `eps`: undefined (no clamp) or a number in [0, 0.5]. */
function checkEps(eps: unknown): number | undefined {
  if (eps === undefined) return undefined;
  if (typeof eps !== "number") {
    throw new TypeError(`logit: eps must be a number; got ${describe(eps)}`);
  }
  if (!(eps >= 0 && eps <= 0.5)) {
    throw new RangeError(`logit: eps must be in [0, 0.5]; got ${eps}`);
  }
  return eps;
}

/** Clamps p to [lo, hi]; NaN fails both comparisons and stays NaN. */
function clamp(p: number, lo: number, hi: number): number {
  return p < lo ? lo : p > hi ? hi : p;
}

/**
 * The logit, or log-odds, logit(p) = log(p / (1 − p)): it maps a probability in
 * (0, 1) to the whole real line, and is the inverse of {@link sigmoid}. In
 * statistics this is "the logit"; in machine learning the raw scores that
 * sigmoid or softmax turn into probabilities are called logits for this reason.
 *
 * Given a number, returns a number. Given an array (`Float64Array`,
 * `Float32Array` or `number[]`), returns a `Float64Array`, written into
 * `options.out` when given (which may be `p` itself, for in place).
 *
 * With `eps`, each input is first clamped to `[eps, 1 − eps]` as in PyTorch's
 * `torch.logit(input, eps)` (inputs outside [0, 1] included), which keeps the
 * result finite; `eps` must be in `[0, 0.5]`.
 *
 * Special values: `logit(0) = −∞`, `logit(1) = +∞`, `logit(0.5) = 0`;
 * `logit(p) = NaN` for p < 0, p > 1 and NaN (without `eps`; with it, only NaN).
 *
 * Accuracy: within 2 ULP of the exact value for every p in [0, 1], subnormals
 * included (measured maximum about 1.25 ULP). Near p = 0.5, where the textbook
 * `Math.log(p / (1 - p))` is off by up to 10^8 ULP, the rounding errors of
 * 1 − p and of the division are recovered exactly and corrected for.
 *
 * @param p - A probability.
 * @param options - `eps`: clamp p to [eps, 1 − eps] first.
 * @returns log(p / (1 − p)).
 * @throws RangeError if `eps` is outside [0, 0.5] or NaN (a TypeError if it is not a number, or for an option other than `eps`).
 *
 * @example Log-odds of probabilities
 * ```ts
 * import { logit } from "logits";
 *
 * logit(0.5); // 0
 * logit(0.75); // 1.0986122886681096 (ln 3 = 1.09861228866810969…, 0.6 ULP away)
 * logit(new Float64Array([0.1, 0.9])); // Float64Array [-2.197224577336219, 2.1972245773362196]
 * ```
 *
 * @example Next to 0.5, where log(p / (1 − p)) cancels
 * ```ts
 * import { logit } from "logits";
 *
 * logit(0.5 + 2 ** -52); // 8.881784197001252e-16 (Math.log(p / (1 - p)) gives 8.881784197001248e-16)
 * ```
 *
 * @example Edges, special values and the eps clamp
 * ```ts
 * import { logit } from "logits";
 *
 * logit(0); // -Infinity
 * logit(1); // Infinity
 * logit(1.5); // NaN
 * logit(5e-324); // -744.4400719213812
 * logit(0, { eps: 1e-6 }); // -13.815509557963773 (= logit(1e-6))
 * logit(1.5, { eps: 1e-6 }); // 13.815509557935018 (= logit(1 - 1e-6))
 * ```
 */
export function logit(p: number, options?: LogitScalarOptions): number;
/**
 * logit(p) of each element of `p`, as a `Float64Array`: the same computation, accuracy and
 * special values as for a single number, over a `Float64Array` (the fast path),
 * a `Float32Array` or a `number[]` (computed in double precision).
 *
 * @param p - The input array. It is not modified unless passed as `out`.
 * @param options - `eps`: clamp each element to [eps, 1 − eps] first; `out`: where to write the result (may be `p`, for in place).
 * @returns `options.out` when given, else a new `Float64Array`. With `out`, nothing that grows with the input is allocated.
 * @throws TypeError if `p` is not a number or an accepted array, `eps` is not a number, `out` is not a `Float64Array`, or an option is unknown.
 * @throws RangeError if `eps` is outside [0, 0.5] or NaN, or `out` does not have the length of `p` or overlaps `p` at another offset.
 *
 * @example Arrays
 * ```ts
 * import { logit } from "logits";
 *
 * const p = new Float64Array([0.1, 0.5, 0.9]);
 * logit(p); // Float64Array [-2.197224577336219, 0, 2.1972245773362196]
 * logit(Float64Array.of(0, 1), { eps: 1e-6 }); // Float64Array [-13.815509557963773, 13.815509557935018]
 * ```
 */
export function logit(p: RealArray, options?: LogitOptions): Float64Array;
export function logit(p: number | RealArray, options?: LogitOptions): number | Float64Array {
  checkOptions("logit", options, typeof p === "number" ? ["eps"] : ["eps", "out"], typeof p === "number" ? " for a number p" : "");
  const eps = checkEps(options?.eps);
  if (typeof p === "number") return logitOf(eps === undefined ? p : clamp(p, eps, 1 - eps));
  const y = elementwiseOutput("logit", p, options?.out);
  const src = sourceArray(p, y);
  const k = wasmPath(y.length) ? loadLogitKernels() : null;
  if (k !== null) {
    // The kernel clamps as clamp() does; to ±∞ it leaves p as it is.
    const lo = eps === undefined ? -Infinity : eps;
    const hi = eps === undefined ? Infinity : 1 - eps;
    inChunks(k, src, y, (ptr, n) => k.exports.logit(ptr, n, lo, hi));
    return y;
  }
  // Two loops rather than one with bounds of ±∞: the clamp's comparisons cost
  // a third of the time of the unclamped loop, which is the common case.
  if (eps === undefined) {
    for (let i = 0; i < y.length; i++) y[i] = logitOf(src[i]!);
  } else {
    const hi = 1 - eps;
    for (let i = 0; i < y.length; i++) y[i] = logitOf(clamp(src[i]!, eps, hi));
  }
  return y;
}
