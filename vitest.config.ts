import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Longer fuzzing (LOGITS_FUZZ_RUNS) runs as long as it takes.
    testTimeout: process.env["LOGITS_FUZZ_RUNS"] === undefined ? 60_000 : 86_400_000,
  },
});
