import { availableParallelism } from "node:os";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

/**
 * The files that take long (whole conformance runs, real processes, containers, the package) start
 * first, longest first, so that none of them is left running alone at the end; the rest keep
 * vitest's order. The fault files come first of all: they wait much of their time (for
 * notifications a faulty target never sends), which the files beside them fill.
 */
const LONG_FILES: RegExp[] = [
  /\/test\/conformance\/\w+-faulty-targets\.test\.ts$/,
  /\/test\/conformance\/faulty-targets\.test\.ts$/,
  /\/test\/(conformance|package|container)\//,
  /\/test\/(redis|verdict|cli)\/|\/test\/mock\/workspaces-real-port\.test\.ts$/,
];

class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONG_FILES.findIndex((pattern) => pattern.test(f.moduleId));
      return i < 0 ? LONG_FILES.length : i;
    };
    const sorted = await super.sort(files);
    // a stable sort: within a rank, vitest's order
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

/**
 * Test files that change the process (its environment variables) run each in a process of its own;
 * the others share their worker process with the files before them (isolate: false), so the loaded
 * specs and compiled validators that every mock needs are built once per worker, not once per file.
 */
const OWN_PROCESS = ["test/conformance/known-lines.test.ts", "test/conformance/config.test.ts", "test/conformance/https-sink.test.ts"];

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: "shared", include: ["test/**/*.test.ts"], exclude: OWN_PROCESS, isolate: false } },
      { extends: true, test: { name: "own-process", include: OWN_PROCESS } },
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // vitest's default in a run is one worker less than the cores: one file at a time on a 2-core
    // machine, leaving a core idle while a file waits on its sockets or child processes
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: LongFilesFirst },
    reporters: ["default", "json"],
    outputFile: { json: "reports/vitest-results.json" },
  },
});
