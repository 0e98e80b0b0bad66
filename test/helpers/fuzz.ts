/**
 * The pieces of the hardening fuzz suite (test/fuzz.test.ts): inputs from the
 * whole double domain in every accepted array kind, random N-D layouts, the
 * ways a call can be made invalid, and the runner that checks one call against
 * the contract of SPEC §3 — a valid call returns, an invalid one throws a
 * `RangeError` or `TypeError` and writes nothing, and no input changes.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { loadKernels, setKernelPath } from "../../src/internal/wasm.js";
import type { RealArray } from "../../src/types.js";
import { spread, subnormal } from "./arbitraries.js";

/** Values where formulas and checks break: signed zeros, subnormals, overflow edges, 2^53, ±1e308, the special values. */
const EDGES = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  5e-324,
  -5e-324,
  2 ** -1022,
  -(2 ** -1022),
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  1e308,
  -1e308,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  0.5,
  1,
  -1,
  1 - 2 ** -53,
  709.8,
  -745.2,
  37,
  -37,
];

/** Any double, with the edges and the ranges where the functions change regime drawn often. */
export const domainDouble: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(...EDGES), weight: 3 },
  { arbitrary: fc.double(), weight: 3 },
  { arbitrary: subnormal, weight: 1 },
  { arbitrary: fc.integer({ min: -8, max: 8 }).map((k) => 2 ** 53 + k * 2), weight: 1 },
  { arbitrary: spread(-800, 800), weight: 2 },
  { arbitrary: spread(0, 1), weight: 2 },
);

/** The accepted array kinds of a real input. */
export type Kind = "Float64Array" | "Float32Array" | "number[]";
export const kind: fc.Arbitrary<Kind> = fc.constantFrom("Float64Array", "Float32Array", "number[]");

/** `values` as an array of `k`. */
export function asKind(values: readonly number[], k: Kind): RealArray {
  return k === "Float64Array" ? Float64Array.from(values) : k === "Float32Array" ? Float32Array.from(values) : [...values];
}

/** The doubles a function reads from `x` (a Float32Array's values widened). */
export function read(x: ArrayLike<number>): number[] {
  return Array.from(x);
}

/**
 * An N-D layout: no `shape` (one slice, the whole array) or 1 to 3 dimensions
 * of 0 to 4 with an axis in range (sometimes omitted: the last), and its slices.
 */
export interface Layout {
  shape: number[] | undefined;
  axis: number | undefined;
  length: number;
  outer: number;
  n: number;
  inner: number;
}

/** Builds a layout from dimensions (undefined: one slice of `flat` elements) and an axis. */
function layoutOf(dims: number[] | undefined, flat: number, axis: number | undefined): Layout {
  if (dims === undefined) return { shape: undefined, axis, length: flat, outer: 1, n: flat, inner: 1 };
  const k = (axis ?? -1) < 0 ? (axis ?? -1) + dims.length : axis!;
  const product = (a: number[]): number => a.reduce((p, d) => p * d, 1);
  return {
    shape: dims,
    axis,
    length: product(dims),
    outer: product(dims.slice(0, k)),
    n: dims[k]!,
    inner: product(dims.slice(k + 1)),
  };
}

export const layout: fc.Arbitrary<Layout> = fc.oneof(
  fc.integer({ min: 0, max: 12 }).map((flat) => layoutOf(undefined, flat, undefined)),
  fc
    .array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 })
    .chain((dims) =>
      fc
        .option(fc.integer({ min: -dims.length, max: dims.length - 1 }), { nil: undefined })
        .map((axis) => layoutOf(dims, 0, axis)),
    ),
);

/** A layout whose class axis has at least one element (losses draw labels in it). */
export const classLayout: fc.Arbitrary<Layout> = layout.filter((l) => l.n > 0);

/** The flat indices of slice `s` (0 ≤ s < outer · inner) of a layout. */
export function sliceIndices(l: Layout, s: number): number[] {
  const o = Math.floor(s / l.inner);
  const j = s % l.inner;
  return Array.from({ length: l.n }, (_, i) => o * l.n * l.inner + i * l.inner + j);
}

/** A snapshot of an array's values, to compare bit for bit (NaN equal to NaN, −0 distinct). */
function snapshot(a: ArrayLike<number>): number[] {
  return Array.from(a);
}

function sameBits(a: readonly number[], b: ArrayLike<number>): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** One call of the fuzz suite and what it must do. */
export interface Trial {
  call: () => unknown;
  /** Why the call must throw; undefined when it must return. */
  invalid: string | undefined;
  /** Input arrays the call must leave unchanged (not those passed as an output as well). */
  inputs: readonly ArrayLike<number>[];
  /** Output buffers passed by the caller, unchanged when the call throws. */
  outputs: readonly Float64Array[];
  /** The contract of a returned result. */
  check: (result: unknown) => void;
}

/** Trials run so far: they take the kernels' two paths in turn. */
let trials = 0;

/**
 * Runs a trial and asserts the contract, on the JavaScript and the WebAssembly
 * path of the kernels in turn (where the engine runs WebAssembly), so that the
 * suite covers both; the golden and kernel tests compare their bits.
 */
export function runTrial(t: Trial): void {
  const inputs = t.inputs.map(snapshot);
  const outputs = t.outputs.map(snapshot);
  let result: unknown;
  let error: unknown;
  let threw = false;
  const previous = setKernelPath(trials++ % 2 === 0 || loadKernels() === null ? "js" : "wasm");
  try {
    result = t.call();
  } catch (e) {
    error = e;
    threw = true;
  } finally {
    setKernelPath(previous);
  }
  if (threw) {
    expect({ threw: String(error), invalid: t.invalid }).toEqual({ threw: String(error), invalid: expect.any(String) });
    expect(error instanceof RangeError || error instanceof TypeError).toBe(true);
    t.outputs.forEach((o, i) => expect(sameBits(outputs[i]!, o)).toBe(true));
  } else {
    expect({ returned: true, invalid: t.invalid }).toEqual({ returned: true, invalid: undefined });
    t.check(result);
  }
  t.inputs.forEach((x, i) => expect(sameBits(inputs[i]!, x)).toBe(true));
}

/** A Float64Array of `length` filled with a value no function writes, so that any write shows. */
export function sentinel(length: number): Float64Array {
  return new Float64Array(length).fill(-1234.5);
}

/** Bitwise equality of two arrays (NaN equal to NaN, −0 distinct from +0). */
export function bitsEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return sameBits(snapshot(a), b);
}
