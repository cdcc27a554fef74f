/**
 * x-correlator (Commonalities design guide 5.8.5): a value sent by the caller is echoed unchanged;
 * a value outside the pattern is 400 INVALID_ARGUMENT; when none is sent the mock supplies one.
 */
import { randomUUID } from "node:crypto";
import { ApiError } from "../../core/errors.ts";
import { X_CORRELATOR_PATTERN } from "../../openapi/correlator.ts";

/** The value to put in the answer; throws for an invalid one (the answer then carries a fresh id). */
export function readCorrelator(value: string | undefined): string {
  if (value === undefined || value === "") return randomUUID();
  if (!X_CORRELATOR_PATTERN.test(value)) {
    throw new ApiError("INVALID_ARGUMENT", "header x-correlator does not match ^[a-zA-Z0-9-_:;.\\/<>{}]{0,256}$");
  }
  return value;
}
