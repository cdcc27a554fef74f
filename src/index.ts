/**
 * The package's entry point, `import { ... } from "camara-harness"`: the mock operator in-process
 * (createMock, then listen for a real port), and the conformance runner for programs and CI.
 * The typed API clients are a separate entry point: `camara-harness/clients`.
 */
export { createMock, type MockApp, type MockOptions } from "./mock/app.ts";
export { createSharedMock, type SharedMock, type SharedMockOptions, type WorkspaceInfo } from "./mock/workspaces.ts";
export { listen, type RunningServer } from "./mock/server.ts";
export { runConformance, type ConformanceOptions } from "./run-conformance.ts";
export type { Counts, Exchange, Reporter, RunEvent, RunReport, ScenarioResult, ScenarioStatus } from "./results/results.ts";
export { loadTestData, parseTestData, type TestData } from "./core/testdata.ts";
export { VirtualClock, type Clock, type Scheduler, type WorldClock } from "./core/clock.ts";
export { MemoryStore, type Store } from "./core/store.ts";
export { DEFAULT_RELEASE, RELEASE_RULES, type ReleaseRules } from "./openapi/releases.ts";
export { API_MODULES, loadOperatorTestData, releaseProfile, type ReleaseProfile } from "./apis/registry.ts";
export type { ApiModule } from "./apis/module.ts";
