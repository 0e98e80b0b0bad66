/**
 * The array kernels: the WebAssembly SIMD modules when the engine has them,
 * else the same algorithms in JavaScript, with the same results bit for bit
 * (see exp.ts, expSum.ts and kernels.wat). Eight modules, so that a bundle
 * carries only those it calls: the elementwise kernels (3.4 kB), the
 * softmax family's first pass and softmax's division (3.8 kB), the second
 * pass: the logs of the rows' rests, logSoftmax's second pass and the
 * losses' gradients (1.3 kB, on the first pass's memory, which it imports),
 * the first pass at a temperature (2.2 kB, on that memory too), the short
 * rows of the softmax family and the softmax losses (3.3 kB for rows of two
 * and three, 2.4 kB for rows of 4 to 12, on it too: shortRows.ts), the
 * sigmoid loss (3.5 kB) and logit (1.0 kB),
 * each compiled synchronously on first use (under the 4 kB that browsers
 * compile on the main thread). Without
 * WebAssembly, without SIMD, under a Content-Security-Policy that forbids
 * compiling them, or on a big-endian platform, the JavaScript path is used.
 */
import { EXP_TABLE, expOf } from "./exp.js";
// A namespace import, so that scripts/wasm.ts, which imports this file and
// writes that one, runs when kernels.wat has a module kernelsWasm.ts does not
// export yet (a named import of it would not link). Bundlers drop the
// modules an import does not reach all the same.
import * as modules from "./kernelsWasm.js";

/** The elementwise kernels: each computes its function in place over the n doubles from byte ptr of the module's memory. */
export type KernelName = "exp" | "sigmoid" | "softplus" | "logSigmoid";

type ElementwiseExports = { memory: WebAssembly.Memory } & Record<KernelName, (ptr: number, n: number) => void>;

/** The rest sum's kernels: expSum.ts's restSum over whole rows or part of one (see kernels.wat). */
export type RestExports = {
  memory: WebAssembly.Memory;
  restRows(ptr: number, rows: number, n: number, rec: number): void;
  restPart(ptr: number, n: number, rec: number): void;
  divideRows(ptr: number, rows: number, n: number, rec: number): void;
};

/**
 * The second pass's kernels, on the rest module's memory, rows and records
 * laid out as restRows's (see kernels.wat): logRests, the logs of the rows'
 * rests (restLog in restLogs.ts); logRows, logSoftmax's second pass over the
 * logits; gradRows, the softmax losses' gradient over the terms, with the
 * labels dz bytes after the terms (or one-hot where dz is 0).
 */
export type SecondPassExports = {
  logRests(rows: number, rec: number): void;
  logRows(ptr: number, rows: number, n: number, rec: number): void;
  gradRows(ptr: number, rows: number, n: number, rec: number, dz: number): void;
};

/**
 * The short rows of softmax, logSoftmax, logSumExp and the softmax losses,
 * whole, without records: `rows` rows of n from byte ptr, on the rest
 * module's memory (shortRows.ts), in either of two modules: shortRows for
 * rows of two and three, laneRows for longer ones.
 */
export type ShortRowExports = {
  rows(ptr: number, rows: number, n: number, mode: number, labels: number, divisor: number, second: number): void;
};

/**
 * The first pass at a temperature T ≠ 1 (scaledRestSum of expSum.ts), on the
 * rest module's memory, with restRows's rows and records; T ≤ 2^995.
 */
export type ScaledExports = {
  scaledRows(ptr: number, rows: number, n: number, rec: number, temperature: number): void;
  scaledPart(ptr: number, n: number, rec: number, temperature: number): void;
};

/**
 * The sigmoid loss's kernel: the losses of the n logits from byte px, with
 * their labels from byte pz and positive weights from byte pw, in place of the
 * logits, and where grad is 1 the gradient divided by divisor in place of the
 * labels (see kernels.wat).
 */
export type SigmoidLossExports = {
  memory: WebAssembly.Memory;
  sigmoidLoss(px: number, pz: number, pw: number, n: number, divisor: number, grad: number): void;
};

/** logit's kernel: logit of the n doubles from byte ptr, in place, each first clamped to [lo, hi]. */
export type LogitExports = {
  memory: WebAssembly.Memory;
  logit(ptr: number, n: number, lo: number, hi: number): void;
};

/** A compiled module and views of its memory (the same layout in all). */
export interface Kernels<E> {
  exports: E;
  /** The caller's data: CHUNK doubles from byte DATA (and one more, which a kernel may read past an odd end). */
  heap: Float64Array;
  /** The rest sums' records, RECORD doubles per row from byte RECORDS. */
  records: Float64Array;
}

/*
 * A module's memory: exp's table at byte 0 (512 bytes), the kernels'
 * constants from CONSTANTS (CONSTANT_SLOTS of 8 bytes, written by the
 * modules' data segments: see scripts/wasm.ts), the rest sums' records from
 * RECORDS (up to RECORD_ROWS rows of RECORD doubles), the caller's data from
 * DATA to the end of the module's four 64 kB pages.
 */
export const CONSTANTS = 512;
export const CONSTANT_SLOTS = 64;
export const RECORDS = CONSTANTS + 8 * CONSTANT_SLOTS;
export const RECORD = 8;
export const RECORD_ROWS = 256;
export const DATA = RECORDS + RECORD_ROWS * RECORD * 8;
/** Doubles per call: the data area less one (an odd count reads one past its end), even. */
export const CHUNK = (4 * 65536 - DATA) / 8 - 2;
/**
 * Doubles per call where a kernel takes three arrays (the sigmoid loss): the
 * first from DATA, the second THIRD doubles on, the third 2 · THIRD. Even, so
 * that a pair past an odd count's end stays within its own third.
 */
export const THIRD = ((CHUNK / 6) | 0) * 2;
/**
 * Doubles per call where a kernel takes two arrays in step (the dense loss's
 * gradient: the terms from DATA, the labels HALF doubles on). Even, so that a
 * pair past an odd row's end stays within the data area.
 * (Written with | 0 rather than Math.floor, so that bundlers can drop it.)
 */
export const HALF = ((CHUNK / 4) | 0) * 2;

/** Which path the kernels take: the fastest available, or one forced for testing. */
export type KernelPath = "auto" | "wasm" | "js";

let path: KernelPath = "auto";
let elementwise: Kernels<ElementwiseExports> | null | undefined;
let rest: Kernels<RestExports> | null | undefined;
let secondPass: Kernels<SecondPassExports> | null | undefined;
let scaled: Kernels<ScaledExports> | null | undefined;
let shortRows: Kernels<ShortRowExports> | null | undefined;
let laneRows: Kernels<ShortRowExports> | null | undefined;
let sigmoidLoss: Kernels<SigmoidLossExports> | null | undefined;
let logitKernels: Kernels<LogitExports> | null | undefined;

/**
 * Forces a path (tests and benchmarks compare them); "wasm" throws when the
 * engine cannot run the modules. Returns the previous setting.
 */
export function setKernelPath(next: KernelPath): KernelPath {
  if (next === "wasm" && loadKernels() === null) throw new Error("logits: this engine cannot run the WebAssembly kernels");
  const previous = path;
  path = next;
  return previous;
}

/** The elementwise module, or null where it cannot run (then neither can the others); compiled once. */
export function loadKernels(): Kernels<ElementwiseExports> | null {
  if (elementwise === undefined) elementwise = withExpTable(instantiate<ElementwiseExports>(modules.ELEMENTWISE_WASM));
  return elementwise;
}

/** The rest sum's module, or null where it cannot run; compiled once. */
export function loadRestKernels(): Kernels<RestExports> | null {
  if (rest === undefined) rest = withExpTable(instantiate<RestExports>(modules.REST_WASM));
  return rest;
}

/**
 * The second pass's module, or null where it cannot run; compiled once, on
 * the rest module's memory, whose views it shares.
 */
export function loadSecondPassKernels(): Kernels<SecondPassExports> | null {
  if (secondPass === undefined) secondPass = onRestMemory<SecondPassExports>(modules.SECOND_PASS_WASM);
  return secondPass;
}

/**
 * The temperature's first-pass module, or null where it cannot run; compiled
 * once, on the rest module's memory (and its exp table), whose views it shares.
 */
export function loadScaledKernels(): Kernels<ScaledExports> | null {
  if (scaled === undefined) scaled = onRestMemory<ScaledExports>(modules.SCALED_WASM);
  return scaled;
}

/**
 * The short rows' module, or null where it cannot run; compiled once, on
 * the rest module's memory (and its exp table), whose views it shares.
 */
export function loadShortRowKernels(): Kernels<ShortRowExports> | null {
  if (shortRows === undefined) shortRows = onRestMemory<ShortRowExports>(modules.SHORT_ROWS_WASM);
  return shortRows;
}

/** The module of the short rows longer than three, as {@link loadShortRowKernels}. */
export function loadLaneRowKernels(): Kernels<ShortRowExports> | null {
  if (laneRows === undefined) laneRows = onRestMemory<ShortRowExports>(modules.LANE_ROWS_WASM);
  return laneRows;
}

/** Compiles a module that imports the rest module's memory, with that module's views; null where either cannot run. */
function onRestMemory<E>(base64: string): Kernels<E> | null {
  const first = loadRestKernels();
  const exports = first === null ? null : compile<E>(base64, { rest: { memory: first.exports.memory } });
  return first === null || exports === null ? null : { exports, heap: first.heap, records: first.records };
}

/** The sigmoid loss's module, or null where it cannot run; compiled once. */
export function loadSigmoidLossKernels(): Kernels<SigmoidLossExports> | null {
  if (sigmoidLoss === undefined) sigmoidLoss = withExpTable(instantiate<SigmoidLossExports>(modules.SIGMOID_LOSS_WASM));
  return sigmoidLoss;
}

/** logit's module, or null where it cannot run; compiled once. */
export function loadLogitKernels(): Kernels<LogitExports> | null {
  if (logitKernels === undefined) logitKernels = instantiate<LogitExports>(modules.LOGIT_WASM);
  return logitKernels;
}

/**
 * Writes exp's table at byte 0 of a module's memory, where kernels.wat reads
 * it: a step of its own, so that logit's bundle, whose module has no exp,
 * leaves the table out.
 */
function withExpTable<E extends { memory: WebAssembly.Memory }>(k: Kernels<E> | null): Kernels<E> | null {
  if (k !== null) new Float64Array(k.exports.memory.buffer, 0, EXP_TABLE.length).set(EXP_TABLE);
  return k;
}

/** Compiles a module with its own memory from its base64, with views of that memory; null where it cannot run. */
function instantiate<E extends { memory: WebAssembly.Memory }>(base64: string): Kernels<E> | null {
  const exports = compile<E>(base64, {});
  if (exports === null) return null;
  // The memory never grows, so these views stay valid.
  const buffer = exports.memory.buffer;
  return { exports, heap: new Float64Array(buffer, DATA, CHUNK + 1), records: new Float64Array(buffer, RECORDS, RECORD_ROWS * RECORD) };
}

/** Compiles a module from its base64 and instantiates it with `imports`; its exports, or null where it cannot run. */
function compile<E>(base64: string, imports: WebAssembly.Imports): E | null {
  // WebAssembly memory is little-endian and the data goes in and out through
  // Float64Array views, which follow the platform: big-endian ones (s390x) keep
  // the JavaScript path.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) return null;
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports as unknown as E;
  } catch {
    return null;
  }
}

/**
 * Arrays shorter than this stay in JavaScript on the automatic path: the
 * copies and the call cost more. Measured on one call (bench/small.ts's
 * kind, the built package), the JavaScript loop's time over the kernels':
 * on 5 elements 0.92–1.30 (softmax and the dense loss even, the sparse loss
 * either way between runs), on 6 and 7 1.02–1.40 (the sigmoid loss 1.35,
 * sigmoid 1.3, logSumExp 1.1–1.2, the losses 1.0–1.25), on 8 and 9 up to 1.9.
 * (With short copies in a loop, copyRange; it was 10 when subarray's views
 * made each copy cost ~25 ns more.)
 */
const WASM_MIN = 6;

/**
 * Whether a call over `length` elements takes the WebAssembly path: not on the
 * "js" path, nor below WASM_MIN elements on the automatic one (the caller's
 * JavaScript loop then does the work, as it does where the module cannot run).
 */
export function wasmPath(length: number): boolean {
  return path === "wasm" || (path === "auto" && length >= WASM_MIN);
}

/**
 * Runs kernel `name` over `src` into `dst` (which may be `src`) and returns
 * true; or returns false, for the caller's JavaScript loop to do the work
 * ({@link wasmPath}).
 */
export function runKernel(name: KernelName, src: Float64Array, dst: Float64Array): boolean {
  const k = wasmPath(src.length) ? loadKernels() : null;
  if (k === null) return false;
  inChunks(k, src, dst, k.exports[name]);
  return true;
}

/**
 * Copies `length` doubles of `src` from `from` into `dst` from `at`: into
 * and out of a module's memory. A loop copies a double in about 1 ns, `set`
 * takes about 15 ns, and 25 ns more for the `subarray` view of part of `src`:
 * a whole `src` of more than 16 doubles goes by `set`, part of one by `set`
 * from 40 doubles (one row of a small call goes element by element).
 */
export function copyRange(dst: Float64Array, at: number, src: Float64Array, from: number, length: number): void {
  if (length > 16 && from === 0 && length === src.length) dst.set(src, at);
  else if (length > 40) dst.set(src.subarray(from, from + length), at);
  else for (let i = 0; i < length; i++) dst[at + i] = src[from + i]!;
}

/**
 * Runs `kernel` of the module `k` over `src` into `dst` (which may be `src`),
 * from `start` to `end` (the whole array without them), in chunks copied
 * through the module's memory.
 */
export function inChunks<E>(
  k: Kernels<E>,
  src: Float64Array,
  dst: Float64Array,
  kernel: (ptr: number, n: number) => void,
  start = 0,
  end = src.length,
): void {
  const { heap } = k;
  for (let i = start; i < end; i += CHUNK) {
    const m = Math.min(CHUNK, end - i);
    copyRange(heap, 0, src, i, m);
    kernel(DATA, m);
    copyRange(dst, i, heap, 0, m);
  }
}

/** e^x of each element of `src` into `dst` (which may be `src`). */
export function expArray(src: Float64Array, dst: Float64Array): void {
  if (runKernel("exp", src, dst)) return;
  for (let i = 0; i < src.length; i++) dst[i] = expOf(src[i]!);
}
