/**
 * API-specific faults of faults.ts (RelaySMS, the platform, click-to-dial, in-home detection) against
 * the real mock: each run must end NOT CONFORMANT and name a failing scenario of the expected kind.
 * Apart from faulty-targets.test.ts so that vitest runs the two halves side by side.
 */
import { describeFaults } from "./fault-runs.ts";
import { COMMON_RULE_APIS, FAULTS } from "./faults.ts";

describeFaults(
  "faulty API-specific behaviour is reported as non-conformant",
  FAULTS.filter((f) => !COMMON_RULE_APIS.includes(f.api)),
);
