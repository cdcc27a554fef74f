/**
 * What an app team writes against the installed package: plain-node ESM scripts (no tsx) and
 * TypeScript files checked by tsc in `module: nodenext`, `strict`, without special flags.
 */

/** The mock in-process, a token, a QoD session through the typed client; prints one JSON line. */
export const USE_MOCK_MJS = `
import { createMock, listen } from "camara-harness";
import { createQualityOnDemandClient } from "camara-harness/clients";
import { BASE_PATH } from "camara-harness/clients/quality-on-demand/1.0.0";

const mock = await createMock();
const server = await listen(mock, { port: 0 });
try {
  const tokenResponse = await fetch(server.url + "/token", {
    method: "POST",
    headers: { authorization: "Basic " + btoa("demo-app:demo-app-secret") },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "quality-on-demand:sessions:create" }),
  });
  const token = (await tokenResponse.json()).access_token;
  const qod = createQualityOnDemandClient(server.url, { headers: { authorization: "Bearer " + token } });
  const { data, response } = await qod.POST("/sessions", {
    body: { device: { phoneNumber: "+34600000001" }, applicationServer: { ipv4Address: "198.51.100.1" }, qosProfile: "QOS_E", duration: 600 },
  });
  console.log(JSON.stringify({ url: server.url, tokenStatus: tokenResponse.status, status: response.status, sessionId: data?.sessionId, olderBasePath: BASE_PATH }));
} finally {
  await server.close();
  mock.close();
}
`;

/** Conformance of the built-in mock for one API; prints the report and results.json, as one JSON line. */
export const RUN_CONFORMANCE_MJS = `
import { readFileSync } from "node:fs";
import { runConformance } from "camara-harness";

const report = await runConformance({ apis: ["qos-profiles"], reportDir: "reports" });
const written = JSON.parse(readFileSync("reports/results.json", "utf8"));
console.log(JSON.stringify({ report, written }));
`;

/** Correct use of every entry point: must compile. */
export const TYPES_OK_TS = `
import { createMock, listen, type RunReport } from "camara-harness";
import { createQualityOnDemandClient, type QualityOnDemand } from "camara-harness/clients";
import { createQualityOnDemandClient as createQod100 } from "camara-harness/clients/quality-on-demand/1.0.0";

const mock = await createMock({ allowInsecureSinks: true });
const server = await listen(mock, { port: 0 });
const qod = createQualityOnDemandClient(server.url);
const created = await qod.POST("/sessions", {
  body: { device: { phoneNumber: "+34600000001" }, applicationServer: { ipv4Address: "198.51.100.1" }, qosProfile: "QOS_E", duration: 600 },
});
export const sessionId: string | undefined = created.data?.sessionId;
await createQod100(server.url).GET("/sessions/{sessionId}", { params: { path: { sessionId: "x" } } });
export type Body = QualityOnDemand.components["schemas"]["CreateSession"];
export const report: RunReport | undefined = undefined;
await server.close();
`;

/** Lines of TYPES_WRONG_TS that must be compile errors (1-based). */
export const WRONG_LINES = { body: 6, path: 8 };

/** A wrong body and a wrong path through the typed client: must not compile. */
export const TYPES_WRONG_TS = `
import { createQualityOnDemandClient } from "camara-harness/clients";

const qod = createQualityOnDemandClient("http://127.0.0.1:4010");
// duration is a number of seconds, not a string
await qod.POST("/sessions", { body: { applicationServer: { ipv4Address: "198.51.100.1" }, qosProfile: "QOS_E", duration: "600" } });
// the API has no /session path
await qod.GET("/session", {});
`;

export const TSCONFIG = {
  compilerOptions: { module: "nodenext", target: "es2022", strict: true, noEmit: true },
  include: ["*.ts"],
};
