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

/**
 * A short description of a value for error messages: its type with "a" or
 * "an" (by the sound of the word: an Int32Array, a Uint8Array), and its value
 * or length.
 */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const kind = Array.isArray(value) ? "array" : (tagOf(value) ?? typeof value);
  const named = `${/^(?:[aeio]|u(?!int))/i.test(kind) ? "an" : "a"} ${kind}`;
  const length: unknown = (value as { length?: unknown }).length;
  if (typeof value === "string") return `${named} (${JSON.stringify(length as number > 20 ? `${value.slice(0, 20)}…` : value)})`;
  if (typeof value === "object") return kind !== "object" && typeof length === "number" ? `${named} of length ${length}` : named;
  return typeof value === "function" || typeof value === "symbol" ? named : `${named} (${String(value)}${typeof value === "bigint" ? "n" : ""})`;
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

/** True for an object that can hold options: not null, an array or a typed array (an input passed by mistake). */
export function isOptionsObject(options: unknown): options is object {
  return options !== null && typeof options === "object" && !Array.isArray(options) && !ArrayBuffer.isView(options);
}

/**
 * Checks an options argument: undefined, or an object whose every enumerable key
 * (own or inherited: the ones a property read would see) is one of `keys`. A
 * misspelt option (`axes` for `axis`) is a `TypeError` naming it, not a silent
 * default. `context` says which form of the call the keys are for.
 */
export function checkOptions(fn: string, options: unknown, keys: readonly string[], context = ""): void {
  if (options === undefined) return;
  if (!isOptionsObject(options)) throw new TypeError(`${fn}: options must be an object; got ${describe(options)}`);
  for (const key in options) {
    if (!keys.includes(key)) {
      throw new TypeError(`${fn}: unknown option '${key}'${context}; the options are ${keys.join(", ") || "none"}`);
    }
  }
}

/** A typed array, or another view (whose `length` is then undefined). */
type View = ArrayBufferView & { readonly length?: number };

/**
 * The last APART_SLOTS pairs of arrays that {@link overlaps} found apart,
 * with their lengths. Reading `buffer`, `byteOffset` and `byteLength` costs
 * V8 (Node 20) about 30 ns for a pair, which was half of a call of sigmoid
 * with `out` on 3 elements; a pair met again with the same lengths is not
 * read again. Its answer cannot have changed: a view's buffer and offset are
 * fixed for its life, and its byte range changes only with its length (a
 * view of a resizable buffer that tracks its length, a detached or
 * out-of-bounds view, whose length is then 0). Only views of buffers of at
 * most APART_MAX_BYTES (their maximum size, for a resizable one) are kept,
 * so that these slots hold at most a few small buffers alive.
 */
const APART_SLOTS = 4;
const APART_MAX_BYTES = 65536;
/** Slot s: the pair at s and the lengths at 2s, 2s + 1 (NaN for a view without one, which then never matches). */
const APART_A: View[] = [];
const APART_B: View[] = [];
const APART_LENGTHS: number[] = [];
let apartNext = 0;

/** True when two arrays share memory: views of one buffer whose byte ranges overlap. */
export function overlaps(a: View, b: View): boolean {
  for (let s = 0; s < APART_A.length; s++) {
    if (APART_A[s] === a && APART_B[s] === b && a.length === APART_LENGTHS[2 * s] && b.length === APART_LENGTHS[2 * s + 1]) return false;
  }
  const bufferA = a.buffer;
  const bufferB = b.buffer;
  if (bufferA === bufferB && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength) return true;
  if (smallBuffer(bufferA) && smallBuffer(bufferB)) {
    const s = apartNext;
    apartNext = (s + 1) % APART_SLOTS;
    APART_A[s] = a;
    APART_B[s] = b;
    APART_LENGTHS[2 * s] = a.length ?? NaN;
    APART_LENGTHS[2 * s + 1] = b.length ?? NaN;
  }
  return false;
}

/** Whether {@link overlaps} may keep a view of `buffer`: at most APART_MAX_BYTES, now and after any resize. */
function smallBuffer(buffer: ArrayBufferLike): boolean {
  return ((buffer as { maxByteLength?: number }).maxByteLength ?? buffer.byteLength) <= APART_MAX_BYTES;
}

/**
 * Checks that two outputs (either may be absent) share memory neither with
 * any input array (a later slice would read what an earlier one wrote) nor
 * with each other. Nothing is written before this check. Pass the caller's
 * outputs only, not those the function allocates, which cannot overlap:
 * reading the `buffer` of a small new array costs V8 up to 0.7 µs (see
 * {@link sameLengthOutput}).
 */
export function checkSeparate(
  fn: string,
  a: Float64Array | undefined,
  aName: string,
  b: Float64Array | undefined,
  bName: string,
  inputs: readonly unknown[],
): void {
  for (const input of inputs) {
    if (!ArrayBuffer.isView(input)) continue;
    if (a !== undefined && overlaps(a, input)) throw new RangeError(`${fn}: ${aName} must not share memory with the inputs`);
    if (b !== undefined && overlaps(b, input)) throw new RangeError(`${fn}: ${bName} must not share memory with the inputs`);
  }
  if (a !== undefined && b !== undefined && overlaps(a, b)) throw new RangeError(`${fn}: ${aName} and ${bName} must not share memory`);
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
 * (throwing before anything is written; an `out` overlapping a `Float64Array` x
 * other than element for element is a `RangeError`) or allocates one. When `x` is not a
 * `Float64Array`, its values are copied into the output first, so that the
 * kernel loop always reads a `Float64Array` (one monomorphic loop per function)
 * and still allocates nothing beyond the output: read the source back with
 * {@link sourceArray}. `length` is `x`'s, from {@link checkRealArray}.
 */
export function sameLengthOutput(fn: string, x: unknown, length: number, out: unknown): Float64Array {
  const y = outputBuffer(fn, out, length);
  // Only a caller's out can overlap x: an array just allocated is not checked,
  // as reading its `buffer` costs V8 up to 0.7 µs where its data is small
  // enough to sit in the object, which that read moves out.
  if (!isFloat64Array(x)) {
    // TypedArray.prototype.set copies through a temporary when the views overlap.
    y.set(x as Float32Array | readonly number[]);
  } else if (out !== undefined && y !== x && overlaps(x, y) && y.byteOffset !== x.byteOffset) {
    // The loops write y[i] before reading x[i + k]: only exact in place is safe.
    throw new RangeError(`${fn}: out overlaps x at another offset (for in place, pass x itself)`);
  }
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
