/**
 * The certificate of the runner's https notification sink, as a child `camara-harness conformance`
 * uses it (kept in the user's cache folder, src/target/sink-certificate.ts): mocks the tests start
 * apart trust it (`sinkCa`), as a user's mock started with `--sink-ca` does.
 */
import { sinkCertificate } from "../../src/target/sink-certificate.ts";

export async function runnerSinkCa(): Promise<string> {
  return (await sinkCertificate()).cert;
}
