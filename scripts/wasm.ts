/**
 * Assembles src/internal/kernels.wat into src/internal/kernelsWasm.ts (the
 * bytes of its eight modules, base64), writing the constants of exp.ts, log.ts,
 * expSum.ts and float.ts into it,
 * so that the JavaScript and WebAssembly paths share one source of every
 * number (exp's table goes into the module's memory at run time: wasm.ts).
 * The kernels read their vector constants from memory too, which each
 * module's data segments write (see constantTable).
 * test/internal/kernelsWasm.test.ts checks that the committed file is what
 * this produces.
 *
 *   tsx scripts/wasm.ts          (writes the file)
 *
 * It imports wasm.ts (through expSum.ts), which imports the file it writes as
 * a namespace, so that a module new to kernels.wat needs nothing by hand.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import wabt from "wabt";
import * as exp from "../src/internal/exp.js";
import * as expSum from "../src/internal/expSum.js";
import * as float from "../src/internal/float.js";
import * as log from "../src/internal/log.js";
import { CONSTANT_SLOTS, CONSTANTS } from "../src/internal/wasm.js";

const source = fileURLToPath(new URL("../src/internal/kernels.wat", import.meta.url));
const target = fileURLToPath(new URL("../src/internal/kernelsWasm.ts", import.meta.url));

/** A double as a WebAssembly text hex float, exact (normal numbers and 0). */
export function hexFloat(v: number): string {
  if (v === 0) return Object.is(v, -0) ? "-0x0p+0" : "0x0p+0";
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, v);
  const high = bits.getUint32(0);
  const exponent = ((high >>> 20) & 0x7ff) - 1023;
  if (exponent === -1023 || exponent === 1024) throw new RangeError(`hexFloat: ${v} is not a normal number`);
  const mantissa = ((BigInt(high & 0xfffff) << 32n) | BigInt(bits.getUint32(4))).toString(16).padStart(13, "0");
  return `${v < 0 ? "-" : ""}0x1.${mantissa}p${exponent >= 0 ? "+" : ""}${exponent}`;
}

/** The modules of kernels.wat: the name of each, and the constant that holds it in kernelsWasm.ts. */
const MODULES = [
  ["elementwise", "ELEMENTWISE_WASM", "exp, sigmoid, softplus, logSigmoid"],
  ["rest", "REST_WASM", "restRows, restPart: the first pass of the softmax family; divideRows: softmax's division"],
  ["secondPass", "SECOND_PASS_WASM", "logRests: the logs of the rests; logRows: logSoftmax's second pass; gradRows: the softmax losses' gradient (on the rest module's memory)"],
  ["sigmoidLoss", "SIGMOID_LOSS_WASM", "sigmoidLoss: the sigmoid cross-entropy and its gradient"],
  ["logit", "LOGIT_WASM", "logit"],
  ["shortRows", "SHORT_ROWS_WASM", "rows: softmax's, logSoftmax's, logSumExp's and the sparse loss's rows of two and three (on the rest module's memory)"],
  ["laneRows", "LANE_ROWS_WASM", "rows: theirs of four to SHORT_MAX, element by element (on the rest module's memory)"],
  ["scaled", "SCALED_WASM", "scaledRows: the first pass at a temperature T ≠ 1 (on the rest module's memory)"],
] as const;

/**
 * The text of module `name` from kernels.wat: what comes before the first
 * ";; @module" line, each section whose line names that module (a line may
 * name several, for code that they share), and the closing parenthesis.
 */
export function moduleText(source: string, name: string): string {
  const parts = source.trimEnd().replace(/\)$/, "").split(/^ *;; @module ([\w ]+)\n/m);
  let text = parts[0]!;
  let found = false;
  for (let i = 1; i < parts.length; i += 2) {
    if (!parts[i]!.trim().split(/ +/).includes(name)) continue;
    text += parts[i + 1]!;
    found = true;
  }
  if (!found) throw new Error(`kernels.wat: no module ${name}`);
  return `${text})\n`;
}

/**
 * Expands kernels.wat's two devices for writing code out more than once, which
 * the hot loops need: V8 does not inline WebAssembly calls, and two calls in a
 * row do not overlap their work as one stretch of straight code does.
 * - `;; @each A B …` … `;; @end`: the lines between, once per letter, with
 *   `$name@` written `$nameA` (and so on), `@16` written 16 × the letter's
 *   position from 0 (a memory offset), and a `;; @use NAME @` line's `@` the
 *   letter;
 * - `;; @define NAME` … `;; @end`: lines written, with `$name@` given the
 *   suffix X, where a line `;; @use NAME X` stands (X may be empty); the
 *   lines may hold `;; @use OTHER @` lines, which take the suffix X too.
 * Blocks do not nest, except that they may hold @use lines.
 */
export function expandMacros(source: string): string {
  const defined = new Map<string, string>();
  const withoutDefines = source.replace(/^ *;; @define (\w+)\n([\s\S]*?)^ *;; @end\n/gm, (_, name: string, body: string) => {
    defined.set(name, body);
    return "";
  });
  let text = withoutDefines.replace(/^ *;; @each ([A-Z ]+)\n([\s\S]*?)^ *;; @end\n/gm, (_, letters: string, body: string) =>
    letters
      .trim()
      .split(/ +/)
      .map((letter, index) =>
        body
          .replace(/(\$\w+|;; @use \w+ )@/g, `$1${letter}`)
          .replace(/@(\d+)/g, (_m: string, step: string) => String(index * Number(step))),
      )
      .join(""),
  );
  // Written out until no @use is left: a few rounds (a cycle would not end).
  for (let round = 0; /^ *;; @use /m.test(text); round++) {
    if (round === 8) throw new Error("kernels.wat: @use nested too deep (a cycle?)");
    text = text.replace(/^ *;; @use (\w+) ?(\w*)\n/gm, (_, name: string, suffix: string) => {
      const body = defined.get(name);
      if (body === undefined) throw new Error(`kernels.wat: no @define ${name}`);
      return body.replace(/(\$\w+|;; @use \w+ )@/g, `$1${suffix}`);
    });
  }
  return text;
}

/** The text of src/internal/kernelsWasm.ts. */
export async function assemble(): Promise<string> {
  const constants: Record<string, number> = { ...exp.EXP_CONSTANTS, ...log.LOG_CONSTANTS, ...expSum.REST_CONSTANTS, ...float.FLOAT_CONSTANTS };
  const expanded = expandMacros(readFileSync(source, "utf8"));
  const table = constantTable(expanded, constants);
  const tools = await wabt();
  const lines = [
    "// Generated by scripts/wasm.ts from src/internal/kernels.wat and the constants of",
    "// src/internal/exp.ts, log.ts and expSum.ts: do not edit. `npx tsx scripts/wasm.ts` writes it again.",
  ];
  for (const [name, constant, what] of MODULES) {
    const text = withConstantTable(moduleText(expanded, name), table).replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      const value = constants[key];
      if (value === undefined) throw new Error(`kernels.wat: no constant ${key}`);
      return hexFloat(value);
    });
    const module = tools.parseWat(`kernels.wat (${name})`, text, { simd: true });
    module.validate();
    const { buffer } = module.toBinary({});
    module.destroy();
    lines.push(`/** The WebAssembly module "${name}" (${what}), ${buffer.length} bytes, base64. */`);
    lines.push(`export const ${constant} = "${Buffer.from(buffer).toString("base64")}";`);
  }
  return [...lines, ""].join("\n");
}

/** A `v128.const` of kernels.wat: its shape and lanes (a lane may name a constant in double braces). */
const V128_CONST = /\(v128\.const (\w+)((?: [^\s)]+)+)\)/g;

/** The constants' table: the address of each nonzero `v128.const` of kernels.wat, by its text, and the bytes stored at each address. */
export interface ConstantTable {
  address: Map<string, number>;
  bytes: Map<number, Uint8Array>;
}

/**
 * The constants' table of all modules, from CONSTANTS (wasm.ts) on: the
 * bytes of each distinct nonzero `v128.const` of `text`, in order of first
 * use; 8 bytes for a splat (both lanes alike), which a module reads with
 * `v128.load64_splat`, 16 for the others. One table for all, so that the
 * modules that share a memory write the same bytes where they write the
 * same address.
 *
 * Why: V8 builds a `v128.const` anew at each use, even one set into a local
 * before the loop, in three or four instructions (a 64-bit immediate moved
 * into a vector register and copied to the other lane, or a register of
 * ones shifted), where a load from memory is one. That was a seventh of
 * logit's instructions. Zero stays a `v128.const`: V8 clears a register in
 * one instruction.
 */
export function constantTable(text: string, values: Record<string, number>): ConstantTable {
  const table: ConstantTable = { address: new Map(), bytes: new Map() };
  const byBytes = new Map<string, number>();
  let end = CONSTANTS;
  for (const [whole, shape, lanes] of text.matchAll(V128_CONST)) {
    if (table.address.has(whole)) continue;
    const both = v128Bytes(shape!, lanes!.trim().split(" "), values);
    if (both.every((b) => b === 0)) continue;
    const bytes = both.subarray(0, 8).every((b, i) => b === both[i + 8]) ? both.subarray(0, 8) : both;
    const key = bytes.join();
    if (!byBytes.has(key)) {
      if (end + bytes.length > CONSTANTS + 8 * CONSTANT_SLOTS) throw new Error(`kernels.wat: the constants take more than ${CONSTANT_SLOTS} slots of 8 bytes (CONSTANT_SLOTS in wasm.ts)`);
      byBytes.set(key, end);
      table.bytes.set(end, bytes);
      end += bytes.length;
    }
    table.address.set(whole, byBytes.get(key)!);
  }
  return table;
}

/**
 * A module's text with each of its constants in `table` read from memory,
 * and data segments that write the addresses it reads (one per run of
 * adjacent ones) before its closing parenthesis. The address goes in the
 * `i32.const`, not in the load's offset: V8 then folds it into the load's
 * operand, where from an offset on `i32.const 0` it first formed the address
 * in a register (an instruction more per load).
 */
export function withConstantTable(module: string, table: ConstantTable): string {
  const used = new Set<number>();
  const text = module.replace(V128_CONST, (whole) => {
    const at = table.address.get(whole);
    if (at === undefined) return whole;
    used.add(at);
    return `(${table.bytes.get(at)!.length === 8 ? "v128.load64_splat" : "v128.load"} (i32.const ${at}))`;
  });
  const runs: number[][] = [];
  for (const at of [...used].sort((a, b) => a - b)) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run !== undefined && last !== undefined && last + table.bytes.get(last)!.length === at) run.push(at);
    else runs.push([at]);
  }
  const segments = runs.map((run) => {
    const data = run.flatMap((at) => [...table.bytes.get(at)!]).map((b) => `\\${b.toString(16).padStart(2, "0")}`);
    return `  (data (i32.const ${run[0]}) "${data.join("")}")\n`;
  });
  return text.trimEnd().replace(/\)$/, `${segments.join("")})\n`);
}

/** The 16 bytes of a `v128.const` (little-endian, as WebAssembly stores them) from its shape and lanes. */
export function v128Bytes(shape: string, lanes: readonly string[], values: Record<string, number>): Uint8Array {
  const width = shape === "f64x2" || shape === "i64x2" ? 8 : shape === "i32x4" ? 4 : 0;
  if (width === 0 || lanes.length !== 16 / width) throw new Error(`kernels.wat: v128.const ${shape} ${lanes.join(" ")} is not supported`);
  const view = new DataView(new ArrayBuffer(16));
  lanes.forEach((lane, i) => {
    const name = /^\{\{(\w+)\}\}$/.exec(lane)?.[1];
    if (shape === "f64x2") {
      const value = name === undefined ? watFloat(lane) : values[name];
      if (value === undefined) throw new Error(`kernels.wat: no constant ${name}`);
      view.setFloat64(8 * i, value, true);
    } else if (width === 8) view.setBigUint64(8 * i, BigInt.asUintN(64, BigInt(lane)), true);
    else view.setUint32(4 * i, Number(BigInt.asUintN(32, BigInt(lane))), true);
  });
  return new Uint8Array(view.buffer);
}

/** A float of WebAssembly text as kernels.wat writes them: decimal, inf, nan, or a hex float with an integer significand (0x1p-600). */
function watFloat(token: string): number {
  const hex = /^(-?)0x([0-9a-f]+)p([+-]?\d+)$/i.exec(token);
  if (hex !== null) return (hex[1] === "-" ? -1 : 1) * Number.parseInt(hex[2]!, 16) * 2 ** Number(hex[3]);
  if (/^-?inf$/.test(token)) return token.startsWith("-") ? -Infinity : Infinity;
  if (token === "nan") return Number.NaN;
  if (!/^-?\d+(\.\d+)?$/.test(token)) throw new Error(`kernels.wat: cannot read the float ${token}`);
  return Number(token);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await assemble();
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
