/**
 * Where the official CAMARA files are: CAMARA_REFERENCE_DIR, else ../shared/reference/camara beside the
 * project. In a user's clone the folder may be absent: tests that need it are then skipped with a
 * printed reason. When CAMARA_REFERENCE_DIR is set (CI) a missing folder is an error, not a skip.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { PROJECT_ROOT } from "../src/core/paths.ts";

export const REFERENCE_DIR = resolve(process.env.CAMARA_REFERENCE_DIR ?? resolve(PROJECT_ROOT, "../shared/reference/camara"));

export function referenceAvailable(): boolean {
  if (existsSync(REFERENCE_DIR)) return true;
  if (process.env.CAMARA_REFERENCE_DIR) {
    throw new Error(`CAMARA_REFERENCE_DIR is set to ${REFERENCE_DIR}, which does not exist`);
  }
  console.warn(`SKIP: official CAMARA files not found at ${REFERENCE_DIR}; set CAMARA_REFERENCE_DIR to run the reference tests`);
  return false;
}
