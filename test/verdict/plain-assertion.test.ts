/** Failure texts without test-library jargon, expected before received (issue 11). */
import { describe, expect, it } from "vitest";
import { plainAssertion } from "../../src/results/plain-assertion.ts";

const CASES: { message: string; expected?: unknown; actual?: unknown; want: string }[] = [
  { message: "HTTP status: expected 404 to be 400 // Object.is equality", expected: 400, actual: 404, want: "HTTP status: expected 400, received 404" },
  { message: "HTTP status: expected 404 to be 400 // Object.is equality", want: "HTTP status: expected 400, received 404" },
  { message: "restricted profiles in the answer: expected [ 'QOS_FACTORY' ] to deeply equal []", expected: [], actual: ["QOS_FACTORY"], want: 'restricted profiles in the answer: expected [], received ["QOS_FACTORY"]' },
  { message: "Content-Type: expected '' to match /^application\\/json\\b/", actual: "", want: 'Content-Type: expected a value matching /^application\\/json\\b/, received ""' },
  { message: "startedAt: expected undefined to be defined", want: "startedAt: expected a value, received undefined" },
  { message: "sessions: expected 3 to be greater than 5", want: "sessions: expected more than 5, received 3" },
  { message: "ids: expected [ 'a' ] to include 'b'", want: "ids: expected a value containing 'b', received [ 'a' ]" },
  { message: "the body: expected { a: 1 } to not deeply equal { a: 1 }", want: "the body: expected anything but { a: 1 }, received { a: 1 }" },
  { message: "expected false to be true // Object.is equality\n\n- Expected\n+ Received", want: "expected true, received false" },
  { message: "the scenario sent no request, so it proves nothing", want: "the scenario sent no request, so it proves nothing" },
];

describe("plainAssertion", () => {
  it.each(CASES)("$message", ({ message, expected, actual, want }) => {
    const text = plainAssertion(message, expected, actual);
    expect(text).toBe(want);
    expect(text).not.toMatch(/Object\.is|deeply equal|to be |\n/);
  });
});
