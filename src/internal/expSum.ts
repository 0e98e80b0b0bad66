/**
 * The passes shared by softmax, logSoftmax and logSumExp over one slice: the
 * maximum, the compensated sum of the other terms e^(x_i − max), the log of the
 * whole sum as a double-double, and the slices whose maximum is not finite.
 *
 * A slice is `n` elements of `src` from `base`, `stride` apart.
 */
import { describe } from "./arrays.js";
import { EXP_TAIL, expOf } from "./exp.js";
import { fastTwoSumError, twoProductError, twoSumError } from "./float.js";
import { CHUNK, copyRange, DATA, inChunks, type Kernels, loadRestKernels, RECORD, RECORD_ROWS, RECORDS, type RestExports, wasmPath } from "./wasm.js";

/**
 * The index of the first largest element of a slice, ignoring NaN; −1 when no
 * element exceeds −∞ (an empty slice, or only −∞ and NaN).
 */
export function sliceArgmax(src: Float64Array, base: number, stride: number, n: number): number {
  let m = -Infinity;
  let top = -1;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const v = src[i]!;
    if (v > m) {
      m = v;
      top = i;
    }
  }
  return top;
}

/**
 * rest = Σ e^(x_i − m) over a slice except its maximum x_top = m (finite), as
 * hi + lo in `sums` from index `at` (hi, lo, then tiny: see below). The
 * maximum's own term is exactly 1 and is left out, so that a rest far below 1
 * is summed to its own precision (added to 1, it would fall into the low-order
 * part, where a compensated sum adds naively). When `dst` is given, every term
 * is also written there at the element's own index (1 at `top`), so `dst` may
 * be `src`.
 *
 * - d = x_i − m is rounded before exp, and e^d is then off by the relative
 *   amount of the rounding error t, which reaches hundreds of ULP when |d| is in
 *   the hundreds. t is recovered exactly (TwoSum) and e^(x_i − m) = e^d · e^t ≈
 *   e^d (1 + t). Entries with e^d = 0 (−∞, or far below m) skip the correction,
 *   whose TwoSum would be NaN for an infinite x_i.
 * - e^d is taken with exp's own rounding error, its tail (EXP_TAIL), added
 *   with e t: the term e + (e t + tail) is then rounded once, where e + e t
 *   carried exp's rounding and its own (softmax was up to 2.2 ULP off with
 *   it, 1.7 without).
 * - The terms are summed with their rounding errors carried in `lo` (TwoSum per
 *   addition), so the sum's error does not grow with n. There are two such
 *   sums, of the even and of the odd positions of the slice, added at the end:
 *   the two lanes of the WebAssembly kernel (kernels.wat, `restPart`), which
 *   therefore gives the same bits. A term left out (the maximum, a subnormal
 *   term) is added as 0 there, which changes neither sum.
 * - A term below 2^-1022 is subnormal: rounded to a fixed absolute step, n of
 *   them would add n half-steps of error to a rest that is itself subnormal
 *   (where logSoftmax's top element and the confident gradient are −rest).
 *   Such terms are summed apart, scaled by 2^600 ({@link scaledTinyTerm}), in
 *   the order of the slice, and the tiny sum is added once at the end. Rows
 *   within 708 of their maximum never take that branch.
 * A NaN element makes the sum NaN.
 */
export function restSum(
  src: Float64Array,
  base: number,
  stride: number,
  n: number,
  top: number,
  dst: Float64Array | undefined,
  sums: Float64Array,
  at: number,
): void {
  const m = src[top]!;
  // (hi, lo) is the sum of the element's lane, (hiB, loB) the other one's: swapped after each element.
  let hi = 0;
  let lo = 0;
  let hiB = 0;
  let loB = 0;
  let tiny = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    let term = 0;
    if (i !== top) {
      const v = src[i]!;
      const d = v - m;
      const e = expOf(d);
      const t = twoSumError(v, -m, d);
      const full = e === 0 ? 0 : e + (e * t + EXP_TAIL[0]!);
      if (dst !== undefined) dst[i] = full;
      if (!(e < MIN_NORMAL)) term = full;
      else if (d > TINY_FLOOR) tiny += scaledTinyTerm(d, t);
    }
    const s = hi + term;
    const l = lo + twoSumError(hi, term, s);
    hi = hiB;
    lo = loB;
    hiB = s;
    loB = l;
  }
  if (dst !== undefined) dst[top] = 1;
  finishRest(hi, lo, hiB, loB, tiny, sums, at);
}

/** Slices per block of {@link restSums}: as many as the kernel has records for. */
export const BLOCK = RECORD_ROWS;
/** Per slice of the last block of {@link restSums}: the index of its maximum, or −1 where that is not finite. */
export const TOPS = /* @__PURE__ */ new Int32Array(BLOCK);
/** Per slice r of the last block of {@link restSums}, from 3r: rest as hi, lo, and tiny ({@link restSum}). */
export const RESTS = /* @__PURE__ */ blockScratch(3);

/**
 * A Float64Array of `per` doubles per slice of a block. A call, so that
 * bundles without the axis functions drop the array: esbuild keeps a
 * `new Float64Array(3 * BLOCK)` that nothing uses, as it cannot tell that
 * 3 * BLOCK has no side effects.
 */
export function blockScratch(per: number): Float64Array {
  return new Float64Array(per * BLOCK);
}

/**
 * The index of sliceArgmax's maximum of the row of two at i: the second
 * only where it is larger (not for ±0, nor NaN). Rows start at even
 * indices, so the other element is at pairTop(src, i) ^ 1.
 */
export function pairTop(src: Float64Array, i: number): number {
  return src[i + 1]! > src[i]! ? i + 1 : i;
}

/**
 * rest for the row of two whose maximum is at `top` ({@link pairTop}):
 * restSum's steps for its one other term e^(v − m), corrected for the
 * rounding of v − m, which is the whole rest (its low part and tiny are 0),
 * so rows of two need no records (whose per-row cost is most of such a row's
 * on the kernels). NaN where restSum takes another branch (a NaN, an
 * infinite maximum, a term below 2^-1022): the caller then takes the general
 * path for that row.
 */
export function pairRest(src: Float64Array, top: number): number {
  const m = src[top]!;
  const v = src[top ^ 1]!;
  const d = v - m;
  const e = expOf(d);
  return e >= MIN_NORMAL ? e + (e * twoSumError(v, -m, d) + EXP_TAIL[0]!) : NaN;
}

/** The index of the first element of slice s of a layout (outer × n × inner, slices along n). */
export function sliceBase(s: number, n: number, inner: number): number {
  // Contiguous slices, the common case, without the division.
  if (inner === 1) return s * n;
  const o = Math.floor(s / inner);
  return o * n * inner + (s - o * inner);
}

/**
 * The first pass of softmax, logSoftmax, logSumExp and the softmax losses over
 * `count` ≤ BLOCK slices from slice `first`: each slice's maximum into TOPS
 * ({@link sliceArgmax}; −1 where it is not finite, for the caller to fill in
 * the limits) and, for the others, the rest sum ({@link restSum}, or
 * {@link scaledRestSum} for a temperature T ≠ 1) into RESTS, the terms into
 * `terms` where given (at the elements' own indices; `terms` may be `src`).
 * Blocks of 6 elements or more go through the WebAssembly kernels, with the
 * same results bit for bit (slices along another axis than the last gathered
 * into rows, if of n ≤ CHUNK); short blocks stay here, as do slices at a
 * temperature where `scaled` is not given.
 * Rows of n ≤ pass.room on the kernels take `pass` too, before their terms
 * are copied out ({@link RowPass}), and the call returns true; otherwise
 * false, and `pass` has not run. Where `logs` is given, the rests' logs
 * are taken too ({@link RestLogs}), before `pass`. At a temperature T ≠ 1,
 * the rows take the kernels too where `scaled` is given ({@link ScaledRows}).
 */
export function restSums(
  src: Float64Array,
  first: number,
  count: number,
  n: number,
  inner: number,
  terms: Float64Array | undefined,
  temperature: number,
  logs?: RestLogs,
  pass?: RowPass,
  scaled?: ScaledRows,
): boolean {
  if (temperature === 1 || scaled !== undefined) {
    const k = wasmPath(count * n) ? loadRestKernels() : null;
    if (k !== null && (temperature === 1 || scaled!.ready(temperature)) && (n <= CHUNK || inner === 1)) {
      if (n <= CHUNK) {
        const fits = pass !== undefined && n <= pass.room;
        kernelRows(k, src, first, count, n, inner, terms, logs, fits ? pass : undefined, temperature, scaled);
        return fits;
      }
      for (let r = 0; r < count; r++) {
        kernelLongRow(k, src, (first + r) * n, r, n, terms, temperature, scaled);
        if (logs !== undefined && TOPS[r]! >= 0) logs.slice(r);
      }
      return false;
    }
  }
  for (let r = 0; r < count; r++) {
    const base = sliceBase(first + r, n, inner);
    const top = sliceArgmax(src, base, inner, n);
    const finite = top >= 0 && src[top]! < Infinity;
    TOPS[r] = finite ? top : -1;
    if (!finite) continue;
    if (temperature === 1) restSum(src, base, inner, n, top, terms, RESTS, 3 * r);
    else scaledRestSum(src, base, inner, n, top, terms, RESTS, 3 * r, temperature);
    logs?.slice(r);
  }
  return false;
}

/**
 * The logs of the rests, log1p(rest), which logSoftmax, logSumExp and the
 * losses take from their first pass (restLogs.ts): `rows` after the kernel's
 * first pass over rows r0… of a block, with their records in the module's
 * memory, `slice` after one slice's in JavaScript. A parameter of
 * {@link restSums} rather than an import, so that softmax's bundle, which
 * needs no logs, leaves them out (log1p and the second-pass module).
 */
export interface RestLogs {
  rows(rows: number, r0: number): void;
  slice(r: number): void;
}

/**
 * The first pass's kernel at a temperature T ≠ 1 (scaledRows.ts), which
 * softmax and logSoftmax, the functions with a temperature, pass to
 * {@link restSums}: a parameter rather than an import, so that the other
 * bundles leave its module out. `ready` tells whether it runs here for T;
 * `run` takes `rows` rows of n from the module's data, as restRows, and
 * `part` a chunk of n of a long row, as restPart.
 */
export interface ScaledRows {
  ready(temperature: number): boolean;
  run(rows: number, n: number, temperature: number): void;
  part(n: number, temperature: number): void;
}

/**
 * A second pass over the rows of a block, run by {@link restSums} while
 * their terms are in the module's memory.
 */
export interface RowPass {
  /**
   * How many doubles of terms a call may hold: CHUNK, or fewer where the pass
   * puts data of its own beside them (rows longer than this do without it).
   */
  room: number;
  /**
   * The pass over `rows` rows from the block's row r0, whose terms are from
   * DATA (rows of n one after the other), after the rows' maxima and sums are
   * in TOPS and RESTS: their records (RECORD doubles per row from RECORDS)
   * then hold restRows's top (−1 where the maximum is not finite), m, and
   * the row's rest (hi, lo, then tiny, as in RESTS), which the pass may
   * overwrite with what its kernel reads. Slices along another axis than the
   * last are gathered into these rows too: a pass that reads the caller's
   * arrays at a row's own positions must not be given for them.
   */
  run(rows: number, r0: number, n: number): void;
}

/**
 * softmax of `count` ≤ BLOCK slices of n from slice `first` into `dst` by
 * the kernels, the first pass ({@link restSums}) and then softmaxSlice's
 * division while the terms are in the module's memory, and true; false where
 * the kernels do not apply (softmax.ts then does both in JavaScript, with the
 * same bits). Slices along another axis than the last (inner > 1) are
 * gathered into rows and scattered back. Contiguous rows longer than the
 * module's memory take the division apart, after the first pass, a chunk at
 * a time ({@link divideLongRows}); strided ones that long stay in JavaScript.
 * Rows whose maximum is not finite are left for the caller (TOPS −1 there).
 * At a temperature T ≠ 1 the first pass is `scaled`'s ({@link ScaledRows}).
 */
export function softmaxRows(
  src: Float64Array,
  first: number,
  count: number,
  n: number,
  inner: number,
  dst: Float64Array,
  temperature: number,
  scaled: ScaledRows,
): boolean {
  const k = wasmPath(count * n) ? loadRestKernels() : null;
  if (k === null || (temperature !== 1 && !scaled.ready(temperature)) || (n > CHUNK && inner > 1)) return false;
  if (n > CHUNK) {
    restSums(src, first, count, n, 1, dst, temperature, undefined, undefined, scaled);
    divideLongRows(k, dst, first, count, n);
    return true;
  }
  kernelRows(k, src, first, count, n, inner, dst, undefined, DIVIDE, temperature, scaled);
  return true;
}

/**
 * softmax's division as a pass of the first: divideRows forms each row's
 * divisor from its rest, which the first pass left in its record. It reads
 * the module's memory only, so slices along another axis, gathered there,
 * take it too. One object for every call (a closure per call over k and n
 * made garbage: small calls ran a scavenge every 5000).
 */
const DIVIDE: RowPass = { room: CHUNK, run: (rows, _r0, n) => loadRestKernels()!.exports.divideRows(DATA, rows, n, RECORDS) };

/**
 * softmaxSlice's division of `count` rows of n > CHUNK from row `first`, whose
 * terms the first pass left in `dst`, by the kernel divideRows, a chunk at a
 * time through the module's memory, each chunk with the row's record (its
 * rest from RESTS): 8% less time for softmax on a row of 10^6 than the
 * JavaScript loop's division, the copies in and out included.
 */
function divideLongRows(k: Kernels<RestExports>, dst: Float64Array, first: number, count: number, n: number): void {
  const { records } = k;
  for (let r = 0; r < count; r++) {
    if (TOPS[r]! < 0) continue;
    records[0] = 0;
    records[2] = RESTS[3 * r]!;
    records[3] = RESTS[3 * r + 1]!;
    const a = (first + r) * n;
    inChunks(k, dst, dst, (ptr, m) => k.exports.divideRows(ptr, 1, m, RECORDS), a, a + n);
  }
}

/**
 * {@link restSums} of `count` slices of n ≤ CHUNK from slice `first` by the
 * kernel `restRows` (at a temperature T ≠ 1, `scaled`'s): as many whole rows
 * per call as the module's memory holds, copied in (gathered from their
 * stride where inner > 1, and the terms scattered back). A row whose maximum
 * is not finite is left as it is (its record's top is −1). `logs` then takes
 * the rests' logs ({@link RestLogs}) and `pass` runs over the rows of each
 * call in the module's memory, gathered ones too ({@link RowPass}; softmax's
 * division, the losses' gradients), before the copy out into `terms`.
 */
function kernelRows(
  k: Kernels<RestExports>,
  src: Float64Array,
  first: number,
  count: number,
  n: number,
  inner: number,
  terms: Float64Array | undefined,
  logs: RestLogs | undefined,
  pass: RowPass | undefined,
  temperature: number,
  scaled: ScaledRows | undefined,
): void {
  const { heap, records } = k;
  const per = Math.floor((pass === undefined ? CHUNK : pass.room) / n);
  for (let r0 = 0; r0 < count; r0 += per) {
    const rows = Math.min(per, count - r0);
    const a = (first + r0) * n;
    const length = rows * n;
    if (inner === 1) copyRange(heap, 0, src, a, length);
    else gatherSlices(heap, src, first + r0, rows, n, inner);
    if (temperature === 1) k.exports.restRows(DATA, rows, n, RECORDS);
    else scaled!.run(rows, n, temperature);
    for (let q = 0; q < rows; q++) {
      const rec = q * RECORD;
      const top = records[rec]!;
      const r = r0 + q;
      TOPS[r] = top < 0 ? -1 : inner === 1 ? a + q * n + top : BASES[q]! + top * inner;
      if (top < 0) continue;
      // restRows has finished the sums (finishRest): rest's hi and lo, and tiny.
      RESTS[3 * r] = records[rec + 2]!;
      RESTS[3 * r + 1] = records[rec + 3]!;
      RESTS[3 * r + 2] = records[rec + 4]!;
    }
    logs?.rows(rows, r0);
    if (pass !== undefined) pass.run(rows, r0, n);
    if (terms === undefined) continue;
    if (inner === 1) copyRange(terms, a, heap, 0, length);
    else scatterSlices(terms, heap, rows, n, inner);
  }
}

/** The first elements of the slices {@link gatherSlices} last gathered. */
const BASES = /* @__PURE__ */ new Int32Array(BLOCK);

/**
 * Slices s0 … s0 + rows − 1 of a layout with inner > 1 into rows of n in
 * `heap` from index `start` (0 where not given), their bases into BASES.
 * Element by element along the slices, then along the axis: neighbouring
 * slices are neighbours in memory, so each step reads one stretch of `src`.
 */
export function gatherSlices(heap: Float64Array, src: Float64Array, s0: number, rows: number, n: number, inner: number, start = 0): void {
  for (let q = 0; q < rows; q++) BASES[q] = sliceBase(s0 + q, n, inner);
  for (let k = 0, off = 0; k < n; k++, off += inner) {
    for (let q = 0, at = start + k; q < rows; q++, at += n) heap[at] = src[BASES[q]! + off]!;
  }
}

/** The rows of `heap` back to the slices {@link gatherSlices} took them from, in `dst`. */
function scatterSlices(dst: Float64Array, heap: Float64Array, rows: number, n: number, inner: number): void {
  for (let k = 0, off = 0; k < n; k++, off += inner) {
    for (let q = 0, at = k; q < rows; q++, at += n) dst[BASES[q]! + off] = heap[at]!;
  }
}

/**
 * {@link restSums} of one row of n > CHUNK from `base` (slice r of the block):
 * its maximum found here, its sum by the kernel `restPart` (at a temperature
 * T ≠ 1, `scaled`'s) over chunks of CHUNK (even, so that each chunk's lanes
 * are the row's), the sums carried from chunk to chunk in the record.
 */
function kernelLongRow(
  k: Kernels<RestExports>,
  src: Float64Array,
  base: number,
  r: number,
  n: number,
  terms: Float64Array | undefined,
  temperature: number,
  scaled: ScaledRows | undefined,
): void {
  const { heap, records } = k;
  const top = sliceArgmax(src, base, 1, n);
  if (!(top >= 0 && src[top]! < Infinity)) {
    TOPS[r] = -1;
    return;
  }
  TOPS[r] = top;
  records.fill(0, 0, RECORD);
  records[1] = src[top]!;
  for (let c = 0; c < n; c += CHUNK) {
    const length = Math.min(CHUNK, n - c);
    copyRange(heap, 0, src, base + c, length);
    // The maximum's index within the chunk (outside it: no element matches).
    records[0] = top - base - c;
    if (temperature === 1) k.exports.restPart(DATA, length, RECORDS);
    else scaled!.part(length, temperature);
    if (terms !== undefined) copyRange(terms, base + c, heap, 0, length);
  }
  finishRecord(records, 0, 3 * r);
}

/**
 * For dividing by a slice's sum 1 + rest, rest = rh + rl (as in RESTS), as
 * hi (1 + c) with hi = 1 + rh rounded: c, the rounding error of hi and rl,
 * relative to hi (softmax and the losses' gradients divide each term t as
 * q − q · c, q = t / hi).
 */
export function sumCorrection(rh: number, rl: number, hi: number): number {
  return (twoSumError(1, rh, hi) + rl) / hi;
}

/** {@link finishRest} of a kernel's record (lanes of hi at 2, 3, of lo at 4, 5; tiny at 6) into RESTS. */
function finishRecord(records: Float64Array, rec: number, at: number): void {
  finishRest(records[rec + 2]!, records[rec + 4]!, records[rec + 3]!, records[rec + 5]!, records[rec + 6]!, RESTS, at);
}

/** The smallest normal double, 2^-1022 (a literal, so that bundlers can drop it: see float.ts). */
export const MIN_NORMAL = 2.2250738585072014e-308;
/** Below this d, e^d · 2^600 is itself below 2^-1022 · 2^-53 (or d is −∞, or NaN fails it): nothing to add. */
export const TINY_FLOOR = -1500;
/**
 * 600 ln 2 as the nearest double and its remainder (from 60-digit decimal):
 * the remainder is the first-order correction of e^(d + 600 ln 2), so it must
 * be small (1.8e-14; a 32-bit split would leave 1e-7, whose square is 30 ULP).
 */
const TINY_SHIFT_HI = 415.88830833596717;
const TINY_SHIFT_LO = 1.8355172981578424e-14;

/** The constants, for the WebAssembly kernel's source (scripts/wasm.ts writes them into it). */
export const REST_CONSTANTS = { MIN_NORMAL, TINY_FLOOR, TINY_SHIFT_HI, TINY_SHIFT_LO } as const;

/**
 * e^(d + t) · 2^600 for a d whose e^d is subnormal: exp of d + 600 ln 2, with
 * the roundings of that sum and of d itself (t) corrected to first order.
 */
export function scaledTinyTerm(d: number, t: number): number {
  const s = d + TINY_SHIFT_HI;
  const e = expOf(s);
  return e + e * (twoSumError(d, TINY_SHIFT_HI, s) + TINY_SHIFT_LO + t);
}

/**
 * Writes rest = (hi + lo) + (hiB + loB) + tiny · 2^-600 into `sums` from `at`
 * as a double-double, and tiny (the scaled sum of the subnormal terms) after
 * it. The two lanes' sums are added with their rounding error (TwoSum, which
 * is symmetric: which lane is which does not matter).
 */
function finishRest(hi: number, lo: number, hiB: number, loB: number, tiny: number, sums: Float64Array, at: number): void {
  let h = hi + hiB;
  let l = lo + loB + twoSumError(hi, hiB, h);
  if (tiny !== 0) {
    // Added once: one rounding in the subnormal range instead of one per term.
    const small = tiny * 2 ** -600;
    const s = h + small;
    l += twoSumError(h, small, s);
    h = s;
  }
  const s = h + l;
  sums[at] = s;
  sums[at + 1] = fastTwoSumError(h, l, s);
  // Whether some term was subnormal (their sum, scaled): the losses' gradients redo those.
  sums[at + 2] = tiny;
}

/**
 * {@link restSum} of the terms e^((x_i − m)/T), for a temperature T ≠ 1, the
 * division's rounding corrected as well ({@link scaledShiftError}). A loop of
 * its own: the temperature's test inside the plain loop cost logSoftmax 18%
 * on the default path.
 */
export function scaledRestSum(
  src: Float64Array,
  base: number,
  stride: number,
  n: number,
  top: number,
  dst: Float64Array | undefined,
  sums: Float64Array,
  at: number,
  temperature: number,
): void {
  const m = src[top]!;
  // Two sums, of the even and the odd positions, as restSum's (and the kernel scaledRows's lanes).
  let hi = 0;
  let lo = 0;
  let hiB = 0;
  let loB = 0;
  let tiny = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    let term = 0;
    if (i !== top) {
      const v = src[i]!;
      const d = v - m;
      const z = scaledShift(v, m, d, temperature);
      const e = expOf(z);
      const tail = EXP_TAIL[0]!;
      // z = −∞ (x = −∞) has no rounding error to recover (and Dekker's product would not end).
      const t = z > TINY_FLOOR ? scaledShiftError(v, m, d, temperature, z) : 0;
      const full = e === 0 ? 0 : e + (e * t + tail);
      if (dst !== undefined) dst[i] = full;
      if (!(e < MIN_NORMAL)) term = full;
      else if (z > TINY_FLOOR) tiny += scaledTinyTerm(z, t);
    }
    const s = hi + term;
    const l = lo + twoSumError(hi, term, s);
    hi = hiB;
    lo = loB;
    hiB = s;
    loB = l;
  }
  if (dst !== undefined) dst[top] = 1;
  finishRest(hi, lo, hiB, loB, tiny, sums, at);
}

/**
 * Below −2^1020, x − m is formed from quarters (exact for values this large),
 * so that neither x − m nor z·T overflows where (x − m)/T does not: x = −10^308,
 * m = 10^308 and T = 10^308 give z = −2, not −∞.
 */
const LARGE = 1.1235582092889474e307; // 2^1020, a literal (see float.ts)

/** z = fl((x − m)/T) for a shift d = fl(x − m) (see {@link LARGE}). */
export function scaledShift(v: number, m: number, d: number, temperature: number): number {
  return d >= -LARGE ? d / temperature : 4 * ((v / 4 - m / 4) / temperature);
}

/**
 * The exact error of z, the rounded (x − m)/T, given d = fl(x − m): to first
 * order (x − m)/T = z + error. The subtraction's error comes from TwoSum, the
 * division's remainder d − z·T is formed exactly (Dekker's product; d − fl(z·T)
 * is exact, the two being neighbours), and both are divided by T; from the
 * quarters below −2^1020. NaN for an infinite x: callers skip it where e^z = 0.
 */
export function scaledShiftError(v: number, m: number, d: number, temperature: number, z: number): number {
  if (d < -LARGE) return 4 * shiftRemainder(v / 4, m / 4, v / 4 - m / 4, temperature, z / 4);
  return shiftRemainder(v, m, d, temperature, z);
}

function shiftRemainder(v: number, m: number, d: number, temperature: number, z: number): number {
  const p = z * temperature;
  return (d - p - twoProductError(z, temperature, p) + twoSumError(v, -m, d)) / temperature;
}

/**
 * Classifies a slice whose maximum is not finite (+∞, or −∞ when every element
 * is −∞ or NaN, or the slice is empty): NaN if any element is NaN, else the
 * number of +∞ elements (0 when all are −∞).
 */
export function infiniteSliceCount(src: Float64Array, base: number, stride: number, n: number): number {
  let count = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const v = src[i]!;
    if (v !== v) return NaN;
    if (v === Infinity) count++;
  }
  return count;
}

/**
 * Writes the limits of a slice whose maximum is not finite: `share(count)` for
 * each of the `count` +∞ entries and `elsewhere` for the others, where shifting
 * by the maximum would give ∞ − ∞ = NaN; NaN everywhere for a slice of only −∞
 * (0/0) or with a NaN.
 */
export function fillInfiniteSlice(
  src: Float64Array,
  dst: Float64Array,
  base: number,
  stride: number,
  n: number,
  share: (count: number) => number,
  elsewhere: number,
): void {
  const count = infiniteSliceCount(src, base, stride, n);
  const atInfinity = count > 0 ? share(count) : NaN;
  const other = count > 0 ? elsewhere : NaN;
  for (let k = 0, i = base; k < n; k++, i += stride) dst[i] = src[i] === Infinity ? atInfinity : other;
}

/** Checks a softmax temperature: undefined (1) or a positive finite number. */
export function checkTemperature(fn: string, temperature: unknown): number {
  if (temperature === undefined) return 1;
  if (typeof temperature !== "number") {
    throw new TypeError(`${fn}: temperature must be a number; got ${describe(temperature)}`);
  }
  if (!(temperature > 0 && temperature < Infinity)) {
    throw new RangeError(`${fn}: temperature must be a positive finite number; got ${temperature}`);
  }
  return temperature;
}
