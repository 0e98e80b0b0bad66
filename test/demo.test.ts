/** The demo (`npm run demo`): softmax regression on the iris data trains, and prints what it says. */
import { describe, expect, it } from "vitest";
import { trainIris } from "../demo/iris.js";
import csv from "../demo/iris.csv?raw";

describe("demo: softmax regression on iris", () => {
  const lines: string[] = [];
  const report = trainIris(csv, (line) => lines.push(line));

  it("prints one progress line per epoch, then the test accuracy and the probabilities", () => {
    expect(lines.filter((l) => l.startsWith("epoch ")).length).toBe(40);
    expect(lines.some((l) => l.startsWith("test accuracy "))).toBe(true);
    expect(lines.filter((l) => l.includes("→  p [")).length).toBe(3);
  });

  it("starts at the uniform guess, loss log 3, and lowers the loss every epoch", () => {
    expect(report.losses[0]).toBeCloseTo(Math.log(3), 15);
    for (let e = 1; e < report.losses.length; e++) expect(report.losses[e]!).toBeLessThan(report.losses[e - 1]!);
  });

  it("classifies at least 90% of the held-out flowers, and argmax of logits is argmax of probabilities", () => {
    expect(report.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.trainAccuracy.at(-1)!).toBeGreaterThanOrEqual(0.9);
    expect(report.argmaxAgrees).toBe(true);
  });

  it("shows logit(sigmoid(x)) = x up to what the rounding of sigmoid(x) allows", () => {
    expect(report.roundTripError).toBeLessThanOrEqual(1);
  });
});
