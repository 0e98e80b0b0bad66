/**
 * The layout of the slices an axis function works on: a flat row-major array of
 * the given shape holds `outer · inner` slices of `n` elements each; slice
 * (o, j) starts at `o·n·inner + j` and its elements are `inner` apart. The last
 * axis (inner = 1) is the fast path: contiguous slices.
 */
import { describe } from "./arrays.js";

export interface SliceLayout {
  /** Product of the dimensions before the axis. */
  outer: number;
  /** Length of each slice: the dimension along the axis. */
  n: number;
  /** Product of the dimensions after the axis: the stride between a slice's elements. */
  inner: number;
}

/**
 * Checks `shape` and `axis` against an array of `length` elements and returns
 * the slice layout. Without a shape the array is one slice (axis 0 or −1).
 *
 * @throws TypeError if the shape is not an array, or the axis not a number.
 * @throws RangeError naming the values: a dimension that is not a non-negative
 *   integer, a shape whose product is not `length`, an axis out of range.
 */
export function sliceLayout(fn: string, arg: string, length: number, shape: unknown, axis: unknown): SliceLayout {
  const dims = shape === undefined ? [length] : checkDims(fn, shape);
  let product = 1;
  for (const d of dims) product *= d;
  if (product !== length) {
    throw new RangeError(`${fn}: shape [${dims.join(", ")}] has ${product} elements but ${arg} has length ${length}`);
  }
  const rank = dims.length;
  const a = axis === undefined ? -1 : axis;
  if (typeof a !== "number") throw new TypeError(`${fn}: axis must be an integer; got ${describe(a)}`);
  if (!Number.isInteger(a) || a < -rank || a >= rank) {
    throw new RangeError(
      rank === 0
        ? `${fn}: axis ${a} is out of range for a shape of rank 0 (a scalar has no axis)`
        : `${fn}: axis ${a} is out of range for a shape of rank ${rank} (axes ${-rank} to ${rank - 1})`,
    );
  }
  const k = a < 0 ? a + rank : a;
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < k; i++) outer *= dims[i]!;
  for (let i = k + 1; i < rank; i++) inner *= dims[i]!;
  return { outer, n: dims[k]!, inner };
}

function checkDims(fn: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${fn}: shape must be an array of integers; got ${describe(shape)}`);
  const dims: number[] = [];
  shape.forEach((d: unknown, i) => {
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`${fn}: shape[${i}] must be a non-negative integer; got ${typeof d === "number" ? d : describe(d)}`);
    }
    dims.push(d);
  });
  return dims;
}
