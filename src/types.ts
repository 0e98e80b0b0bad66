/**
 * An array of real numbers accepted as input by every function.
 *
 * `Float64Array` is the fast path. `Float32Array` and plain `number[]` are
 * accepted too and computed in double precision; the result is always a
 * `Float64Array`. Integer typed arrays are rejected with a `TypeError`, so that a
 * label array can never be passed where logits are expected.
 */
export type RealArray = Float64Array | Float32Array | readonly number[];

/** Options of the elementwise functions (`sigmoid`, `logSigmoid`, `softplus`). */
export interface ElementwiseOptions {
  /**
   * Where to write the result: a `Float64Array` of the input's length, which may
   * be the input itself (in place). It is returned. When given, the call
   * allocates nothing that grows with the input. When omitted, a new
   * `Float64Array` is allocated.
   */
  out?: Float64Array | undefined;
}

/** Options of {@link logit}. */
export interface LogitOptions extends ElementwiseOptions {
  /**
   * Clamp the input to `[eps, 1 − eps]` before taking the logit, as PyTorch's
   * `torch.logit(input, eps)`: inputs outside `[0, 1]` are clamped too, so they
   * give finite results instead of NaN. `1 − eps` is the double nearest to it.
   * Must be in `[0, 0.5]`; anything else is a `RangeError`. NaN inputs stay NaN.
   * Omitted (the default): no clamp.
   */
  eps?: number | undefined;
}

/** Options of {@link logit} for a single number. */
export type LogitScalarOptions = Omit<LogitOptions, "out">;

/**
 * Where an axis function works: a flat row-major array seen as an N-D array of
 * `shape`, one slice per position of the other axes, along `axis`.
 */
export interface AxisOptions {
  /**
   * The dimensions of the array, row-major (C order); their product must be
   * the array's length. Omitted: the whole array is one slice.
   */
  shape?: readonly number[] | undefined;
  /**
   * The axis the function works along; negative values count from the end
   * (−1, the default, is the last axis and the fast path: contiguous slices).
   */
  axis?: number | undefined;
}

/** Options of {@link softmax} and {@link logSoftmax}. */
export interface SoftmaxOptions extends AxisOptions {
  /**
   * Where to write the result: a `Float64Array` of the input's length, which may
   * be the input itself (in place). When given, the call allocates nothing that
   * grows with the input.
   */
  out?: Float64Array | undefined;
  /**
   * Divide the logits by T before normalising: softmax(x / T), computed from
   * the exact quotients (the division's rounding is corrected like that of
   * x − max). T > 1 flattens the distribution, T < 1 sharpens it. A positive
   * finite number; default 1, which takes no extra work.
   */
  temperature?: number | undefined;
}

/** Options of {@link logSumExp}. */
export interface LogSumExpOptions extends AxisOptions {
  /**
   * Where to write the per-slice results: a `Float64Array` with one element per
   * slice (the product of the other dimensions). Given, the result is always an
   * array, even for one slice.
   */
  out?: Float64Array | undefined;
  /**
   * Weights, as SciPy's `logsumexp(a, b=...)`: log |Σ b_i e^(x_i)| per slice. Same
   * length and layout as `x`. An element with b_i = 0 contributes nothing, even
   * where x_i is ±∞. A slice whose weighted sum is negative gives NaN unless
   * `returnSign` is true.
   */
  b?: RealArray | undefined;
  /** When true, also return the sign of each (weighted) sum: see {@link SignedLogSumExpOptions}. */
  returnSign?: false | undefined;
}

/** Options of {@link logSumExp} returning the sign of each sum as well (SciPy's `return_sign=True`). */
export interface SignedLogSumExpOptions extends Omit<LogSumExpOptions, "returnSign"> {
  returnSign: true;
  /** Where to write the per-slice signs (one element per slice); given, the result holds arrays. */
  signOut?: Float64Array | undefined;
}

/**
 * The result of {@link logSumExp} with `returnSign: true`: `value` = log |Σ b_i e^(x_i)|
 * and `sign` = +1, −1 or 0 (the sign of the sum; 0 where it is 0 and `value` is −∞;
 * NaN where `value` is NaN).
 */
export interface SignedLogSumExp<T extends number | Float64Array> {
  value: T;
  sign: T;
}
