/**
 * Input checks and output buffers shared by every function, so that each export
 * is built the same way: check the arguments (nothing written on failure), run
 * one tight loop over a `Float64Array`, return the output.
 *
 * The loop itself is written out in each export rather than shared as a
 * `map(x, kernel)` helper: a shared loop calling four different kernels is a
 * megamorphic call site that V8 does not inline, and the call would cost as
 * much as the exp inside the kernel.
 */
import type { RealArray } from "../types.js";

/**
 * True for a `Float64Array`, including one from another realm (an iframe or a
 * `vm` context), where `instanceof` would say false.
 */
export function isFloat64Array(x: unknown): x is Float64Array {
  return x instanceof Float64Array || tagOf(x) === "Float64Array";
}

function tagOf(x: unknown): string | undefined {
  if (!ArrayBuffer.isView(x)) return undefined;
  const tag: unknown = (x as unknown as { [Symbol.toStringTag]: unknown })[Symbol.toStringTag];
  return typeof tag === "string" ? tag : undefined;
}

/** "a" or "an", by the sound of the word's start (good enough for type names: an Int32Array, a Uint8Array). */
function article(word: string): string {
  return /^(?:[aeioAEIO]|[uU](?!int))/.test(word) ? `an ${word}` : `a ${word}`;
}

/** A short description of a value for error messages: its type, and its value or length. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  const tag = tagOf(value);
  if (tag !== undefined) {
    const length: unknown = (value as Partial<ArrayLike<unknown>>).length;
    return typeof length === "number" ? `${article(tag)} of length ${length}` : article(tag);
  }
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "string":
      return `a string (${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)})`;
    case "number":
    case "boolean":
    case "bigint":
      return `a ${typeof value} (${String(value)}${typeof value === "bigint" ? "n" : ""})`;
    default:
      return article(typeof value);
  }
}

/**
 * Checks that `x` is an accepted real array (`Float64Array`, `Float32Array` or an
 * array whose every element is a number) and returns its length.
 */
export function checkRealArray(fn: string, arg: string, x: unknown): number {
  if (isFloat64Array(x) || x instanceof Float32Array || tagOf(x) === "Float32Array") {
    return (x as Float64Array | Float32Array).length;
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const v: unknown = x[i];
      if (typeof v !== "number") {
        throw new TypeError(`${fn}: ${arg}[${i}] must be a number; got ${describe(v)}`);
      }
    }
    return x.length;
  }
  throw new TypeError(`${fn}: ${arg} must be a number, Float64Array, Float32Array or number[]; got ${describe(x)}`);
}

/** Checks an options argument: undefined or a plain object. */
export function checkOptions(fn: string, options: unknown): void {
  if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options))) {
    throw new TypeError(`${fn}: options must be an object; got ${describe(options)}`);
  }
}

/**
 * Checks a caller's `out` buffer against the expected length, or allocates one.
 * A wrong type is a `TypeError`, a wrong length a `RangeError` naming both lengths.
 */
export function outputBuffer(fn: string, out: unknown, length: number, inputArg = "x", outArg = "out"): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (!isFloat64Array(out)) {
    throw new TypeError(`${fn}: ${outArg} must be a Float64Array; got ${describe(out)}`);
  }
  if (out.length !== length) {
    throw new RangeError(`${fn}: ${outArg} has length ${out.length} but ${inputArg} has length ${length}`);
  }
  return out;
}

/**
 * The output buffer of a call whose result has the input's length: checks `out`
 * (throwing before anything is written) or allocates one. When `x` is not a
 * `Float64Array`, its values are copied into the output first, so that the
 * kernel loop always reads a `Float64Array` (one monomorphic loop per function)
 * and still allocates nothing beyond the output: read the source back with
 * {@link sourceArray}. `length` is `x`'s, from {@link checkRealArray}.
 */
export function sameLengthOutput(fn: string, x: unknown, length: number, out: unknown): Float64Array {
  const y = outputBuffer(fn, out, length);
  if (!isFloat64Array(x)) y.set(x as Float32Array | readonly number[]);
  return y;
}

/** Checks `x` and `out` of an elementwise call and returns the output buffer (see {@link sameLengthOutput}). */
export function elementwiseOutput(fn: string, x: unknown, out: unknown): Float64Array {
  return sameLengthOutput(fn, x, checkRealArray(fn, "x", x), out);
}

/** The `Float64Array` a kernel loop reads: `x` itself, or the output it was copied into. */
export function sourceArray(x: RealArray, y: Float64Array): Float64Array {
  return isFloat64Array(x) ? x : y;
}
