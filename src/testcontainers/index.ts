/**
 * `camara-harness/testcontainers`: the mock operator in a container for tests that want it out of
 * process (another language's test suite, a browser app's e2e run, several replicas). Needs the
 * optional peer dependency `testcontainers` and an image built from the project's Dockerfile.
 */
export { CamaraHarnessContainer, DEFAULT_IMAGE, MOCK_PORT, TESTDATA_PATH } from "./camara-harness-container.ts";
export { CONTROL_TOKEN_HEADER, StartedCamaraHarness } from "./started-camara-harness.ts";
export { startReplicasOnRedis, type ReplicasOnRedisOptions, type StartedReplicasOnRedis } from "./replicas-on-redis.ts";
