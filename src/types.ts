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
