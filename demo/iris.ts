/**
 * Softmax regression on Fisher's iris data (demo/iris.csv): the model's raw
 * scores are logits, the fused loss gives their gradient, softmax turns them
 * into probabilities. `npm run demo` runs {@link main}; the tests run
 * {@link trainIris} and check what it reports.
 */
import { readFileSync } from "node:fs";
import { logit, sigmoid, softmax, sparseSoftmaxCrossEntropyWithLogits } from "../src/index.js";

const SPECIES = ["Iris-setosa", "Iris-versicolor", "Iris-virginica"];
const FEATURES = 4;
const CLASSES = SPECIES.length;

interface Data {
  x: Float64Array; // rows × FEATURES, standardised
  y: Int32Array; // class per row
  rows: number;
}

export interface IrisReport {
  losses: number[]; // mean training loss per epoch, before the step
  trainAccuracy: number[];
  testAccuracy: number;
  argmaxAgrees: boolean; // argmax of logits = argmax of probabilities, every test row
  /**
   * max over the shown logits of |logit(sigmoid(x)) − x| / (2ε (1/(1 − p) + |x|)),
   * p = sigmoid(x): the error the rounding of p to a double allows (p is within
   * 2 ULP, and logit magnifies an error δ in p by 1/(p(1 − p))), plus logit's
   * own 2 ULP. At most 1.
   */
  roundTripError: number;
}

/** Parses the CSV (header, four numbers and a species per line). */
function parse(csv: string): { features: number[][]; labels: number[] } {
  const features: number[][] = [];
  const labels: number[] = [];
  for (const line of csv.trim().split("\n").slice(1)) {
    const cells = line.split(",");
    features.push(cells.slice(0, FEATURES).map(Number));
    labels.push(SPECIES.indexOf(cells[FEATURES]!.trim()));
  }
  return { features, labels };
}

/** Standardises with the training rows' mean and standard deviation. */
function standardise(rows: number[][], train: number[][]): Float64Array {
  const mean = Array.from({ length: FEATURES }, (_, j) => train.reduce((s, r) => s + r[j]!, 0) / train.length);
  const sd = mean.map((m, j) => Math.sqrt(train.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / train.length));
  return Float64Array.from(rows.flatMap((r) => r.map((v, j) => (v - mean[j]!) / sd[j]!)));
}

/** logits[r, c] = b[c] + Σ_j w[c, j] x[r, j]: the model's raw scores. */
function scores(data: Data, w: Float64Array, b: Float64Array, logits: Float64Array): Float64Array {
  for (let r = 0; r < data.rows; r++) {
    for (let c = 0; c < CLASSES; c++) {
      let s = b[c]!;
      for (let j = 0; j < FEATURES; j++) s += w[c * FEATURES + j]! * data.x[r * FEATURES + j]!;
      logits[r * CLASSES + c] = s;
    }
  }
  return logits;
}

function argmax(values: Float64Array, row: number): number {
  let best = 0;
  for (let c = 1; c < CLASSES; c++) if (values[row * CLASSES + c]! > values[row * CLASSES + best]!) best = c;
  return best;
}

function accuracy(data: Data, logits: Float64Array): number {
  let right = 0;
  for (let r = 0; r < data.rows; r++) if (argmax(logits, r) === data.y[r]) right++;
  return right / data.rows;
}

/**
 * Trains for `epochs` full-batch gradient steps and reports. Every fifth row
 * (30 of 150, 10 per species) is held out for testing.
 */
export function trainIris(csv: string, log: (line: string) => void, epochs = 40, rate = 1): IrisReport {
  const { features, labels } = parse(csv);
  const isTest = (i: number) => i % 5 === 4;
  const trainRows = features.filter((_, i) => !isTest(i));
  const split = (keep: (i: number) => boolean): Data => {
    const rows = features.filter((_, i) => keep(i));
    return { x: standardise(rows, trainRows), y: Int32Array.from(labels.filter((_, i) => keep(i))), rows: rows.length };
  };
  const train = split((i) => !isTest(i));
  const test = split(isTest);

  const w = new Float64Array(CLASSES * FEATURES);
  const b = new Float64Array(CLASSES);
  const logits = new Float64Array(train.rows * CLASSES);
  const grad = new Float64Array(train.rows * CLASSES);
  const losses: number[] = [];
  const trainAccuracy: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    scores(train, w, b, logits);
    // One call: the mean cross-entropy and its gradient with respect to the logits.
    const loss = sparseSoftmaxCrossEntropyWithLogits({ logits, labels: train.y, shape: [train.rows, CLASSES], reduction: "mean", grad });
    losses.push(loss);
    trainAccuracy.push(accuracy(train, logits));
    log(`epoch ${String(epoch).padStart(2)}  loss ${loss.toFixed(4)}  train accuracy ${(100 * trainAccuracy.at(-1)!).toFixed(1)}%`);
    // The chain rule through logits = x wᵀ + b.
    for (let r = 0; r < train.rows; r++) {
      for (let c = 0; c < CLASSES; c++) {
        const g = grad[r * CLASSES + c]!;
        b[c]! -= rate * g;
        for (let j = 0; j < FEATURES; j++) w[c * FEATURES + j]! -= rate * g * train.x[r * FEATURES + j]!;
      }
    }
  }

  const testLogits = scores(test, w, b, new Float64Array(test.rows * CLASSES));
  const testAccuracy = accuracy(test, testLogits);
  log(`test accuracy ${(100 * testAccuracy).toFixed(1)}% (${Math.round(testAccuracy * test.rows)} of ${test.rows} held-out flowers)`);

  const probabilities = softmax(testLogits, { shape: [test.rows, CLASSES] });
  let argmaxAgrees = true;
  for (let r = 0; r < test.rows; r++) argmaxAgrees &&= argmax(testLogits, r) === argmax(probabilities, r);
  log("\nlogits → probabilities (softmax), for one held-out flower of each species:");
  let roundTripError = 0;
  for (const r of [0, 10, 20]) {
    const row = Array.from(testLogits.subarray(r * CLASSES, (r + 1) * CLASSES));
    const p = Array.from(probabilities.subarray(r * CLASSES, (r + 1) * CLASSES));
    log(`  ${SPECIES[test.y[r]!]!.padEnd(16)} logits [${row.map((v) => v.toFixed(3).padStart(7)).join(", ")}]  →  p [${p.map((v) => v.toFixed(4)).join(", ")}]`);
    for (const v of row) {
      const p = sigmoid(v);
      const allowed = 2 * Number.EPSILON * (1 / (1 - p) + Math.abs(v));
      roundTripError = Math.max(roundTripError, Math.abs(logit(p) - v) / allowed);
    }
  }
  log(`argmax of logits = argmax of probabilities on all ${test.rows} test rows: ${argmaxAgrees}`);
  log(`logit(sigmoid(x)) = x for those logits, up to the rounding of sigmoid(x) (worst: ${roundTripError.toFixed(2)} of what it allows)`);
  return { losses, trainAccuracy, testAccuracy, argmaxAgrees, roundTripError };
}

/** `npm run demo`: trains and prints. */
export function main(): void {
  const csv = readFileSync(new URL("./iris.csv", import.meta.url), "utf8");
  console.log("Softmax regression on Fisher's iris data (120 training, 30 test flowers)\n");
  trainIris(csv, (line) => console.log(line));
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))) main();
