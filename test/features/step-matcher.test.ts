/**
 * The step matcher, table-driven: the phrase variants the official files use bind to the same
 * definition with the same arguments (quoted and unquoted statuses, "user friendly" / "user-friendly",
 * "has same" / "has the same", "is not sent" / "is removed", `$.code` alternatives with "or" / "OR",
 * literal and described body setters), and no phrase of an official file binds to two definitions.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFeature } from "../../src/features/gherkin.ts";
import { createStepLibrary } from "../../src/features/steps/index.ts";
import { REFERENCE_DIR, referenceAvailable } from "../reference-dir.ts";

const library = createStepLibrary();

const VARIANTS: { text: string; def: string; args?: string[] }[] = [
  { text: "the response status code is 401", def: "response.status-code", args: ["", "401", ""] },
  { text: 'the response status code is "401"', def: "response.status-code", args: ['"', "401", ""] },
  { text: "the response code is 201", def: "response.status-code", args: ["", "201", ""] },
  { text: "the response  code is 404", def: "response.status-code", args: ["", "404", ""] },
  { text: "the response code is 202 or 204", def: "response.status-code", args: ["", "202", "204"] },
  { text: "the response status is 204", def: "response.status-code" },
  { text: 'the response property "$.status" is 400', def: "response.error-status", args: ["400"] },
  { text: 'the response property "$.code" is "INVALID_ARGUMENT"', def: "response.error-code", args: ['"INVALID_ARGUMENT"'] },
  { text: 'the response property "$.code" is "OUT_OF_RANGE" or "INVALID_ARGUMENT"', def: "response.error-code" },
  { text: 'the response property "$.code" is "INVALID_TOKEN" OR "INVALID_ARGUMENT"', def: "response.error-code" },
  { text: 'the response property "$.message" contains a user friendly text', def: "response.error-message" },
  { text: 'the response property "$.message" contains a user-friendly text', def: "response.error-message" },
  { text: 'the response header "x-correlator" has same value as the request header "x-correlator"', def: "response.header-echo" },
  { text: 'the response header "x-correlator" has the same value as the request header "x-correlator"', def: "response.header-echo" },
  { text: 'the response header "Content-Type" is "application/json"', def: "response.header-value", args: ["Content-Type", "application/json"] },
  { text: 'the header "Authorization" is not sent', def: "auth.none" },
  { text: 'the header "Authorization" is removed', def: "auth.none" },
  { text: 'header "Authorization" is not present', def: "auth.none" },
  { text: 'the request does not include the "Authorization" header', def: "auth.none" },
  { text: 'the header "Authorization" is set to an expired access token', def: "auth.expired" },
  { text: 'the header "Authorization" is set to expired token', def: "auth.expired" },
  { text: 'header "Authorization" is set with an expired token', def: "auth.expired" },
  { text: 'header "Authorization" set to an invalid access token', def: "auth.invalid" },
  { text: 'the header "Authorization" is set to an access token that does not include scope quality-on-demand:sessions:create', def: "auth.missing-scope" },
  { text: 'the header "Authorization" is set to an access token without the required scope', def: "auth.missing-scope" },
  { text: 'the header "Authorization" is set to a valid access token which does not identify a single device', def: "auth.two-legged" },
  { text: 'the header "Authorization" is set to a valid access token which does not identify a single phone number', def: "auth.two-legged" },
  { text: 'the header "Authorization" is set to a valid access token identifying a phone number', def: "auth.three-legged" },
  { text: 'the request "createSession" is sent', def: "send.operation", args: ["createSession"] },
  { text: 'the HTTP "POST" request is sent', def: "send.method", args: ["POST"] },
  { text: 'the resource "/quality-on-demand/v1/sessions"', def: "setup.resource" },
  { text: 'the resource "/number-verification/v2" as base url', def: "setup.resource" },
  { text: 'the resource "/sim-swap-subscriptions/v0.3/subscriptions" as BaseURL', def: "setup.resource" },
  { text: 'the request body property "$.device" is set to: {}', def: "body.property-literal", args: ["$.device", "{}"] },
  { text: 'the request body property "$.applicationServer" is set to {}', def: "body.property-literal", args: ["$.applicationServer", "{}"] },
  { text: 'the request body property  "$.sinkCredential.credentialType" is set to "PLAIN"', def: "body.property-literal", args: ["$.sinkCredential.credentialType", '"PLAIN"'] },
  { text: 'the request property "$.protocol" is set to "HTTP"', def: "body.property-literal", args: ["$.protocol", '"HTTP"'] },
  { text: 'the request body property "$.maxAge" is set to 100000', def: "body.property-literal", args: ["$.maxAge", "100000"] },
  { text: '"$.protocol"="HTTP"', def: "body.property-literal", args: ["$.protocol", '"HTTP"'] },
  { text: '"$.sinkCredential.accessTokenType" = "bearer"', def: "body.property-literal" },
  { text: '"$.protocol"<>"HTTP"', def: "body.property-other-than", args: ["$.protocol", "HTTP"] },
  { text: 'the request body property "$.status" is set to the value ACTIVE', def: "body.property-enum-value", args: ["$.status", "ACTIVE"] },
  { text: 'the request body property "$.device" is set to a valid device', def: "body.property-subject-identifier" },
  { text: 'the request body property "$.phoneNumber" is set to a valid phone number', def: "body.property-subject-identifier" },
  { text: 'the request body property "$.device" is not included', def: "body.property-absent", args: ["$.device"] },
  { text: 'the request property "$.device" is not included', def: "body.property-absent" },
  { text: 'the request body properties "$.device" and "$.status" are not included', def: "body.property-absent", args: ["$.device", "$.status"] },
  { text: 'the request body is set to {}', def: "body.literal", args: ["{}"] },
  { text: 'the request body is set to "{}"', def: "body.literal", args: ["{}"] },
  { text: 'the request body property "qosProfile" is set to a non existent qos Profile', def: "body.qos-profile-unknown" },
  { text: 'the request body property "qosProfile" is set to a non-existent QoS Profile', def: "body.qos-profile-unknown" },
  { text: 'the response property "$.devicePhoneNumberVerified" == true', def: "response.property-literal", args: ["$.devicePhoneNumberVerified", "true"] },
  { text: 'the value of response property "$.swapped" == false', def: "response.property-literal", args: ["$.swapped", "false"] },
  { text: 'the response property "$.latestSimChange" is null', def: "response.property-literal", args: ["$.latestSimChange", "null"] },
  { text: 'the response property "$.qosStatus" is "UNAVAILABLE"', def: "response.property-string" },
  // the Testing Guidelines' own vocabulary
  { text: 'the path parameter "id" is set as "abc"', def: "setup.path-value", args: ["id", "abc"] },
  { text: 'the path parameter "id" is that of an existing item', def: "setup.path-existing-item" },
  { text: 'the query parameter "startDate" is in the past', def: "setup.query-in-past" },
  { text: 'the query parameter "limit" is set as "5"', def: "setup.query-value" },
  { text: 'the header "x-api-key" is set as "abc"', def: "setup.header" },
  { text: 'the request body property "$.name" is set as "QOS_E"', def: "body.property-literal", args: ["$.name", '"QOS_E"'] },
  { text: "the request body:", def: "body.docstring" },
  { text: "the path parameters:", def: "setup.path-table" },
  { text: "the response body complies with the OAS schema for this operation and status code", def: "response.schema-of-operation" },
  { text: 'the response property "$.a" only exists if property "$.b" exists', def: "response.exists-only-if-property" },
  { text: 'the response property "$.a" only exists if property "$.b" is "X"', def: "response.exists-only-if-property" },
  { text: 'the response property "$.device" contains a single device identifier that was included in the request', def: "response.device-single-identifier" },
  {
    text: 'the response property "$.device" exists only if provided in the request body and always if more than one device identifier is provided, And contains a single device identifier that was included in the request',
    def: "response.device-single-identifier",
  },
  { text: 'the event header "Authorization" is set to "Bearer " + the value of the request property "$.sinkCredential.accessToken"', def: "event.header-authorization" },
  { text: 'the event header "Authorization" is set to "Bearer: " + the value of "$.sinkCredential.accessToken" provided for createQosAssignment', def: "event.header-authorization" },
  { text: 'the event body property "$.data.qosStatus" is "AVAILABLE" or "UNAVAILABLE"', def: "event.property-value" },
  { text: 'the event body property "$.type" is set to "org.camaraproject.qod.v1.qos-status-changed"', def: "event.property-value" },
  { text: 'type="org.camaraproject.sim-swap-subscriptions.v0.swapped"', def: "event.property-value" },
];

describe("step matcher", () => {
  it.each(VARIANTS)("binds '$text' to $def", ({ text, def, args }) => {
    const binding = library.bind(text);
    expect(binding?.def.name).toBe(def);
    if (args) expect(binding!.args).toEqual(args);
  });

  it("binds a rule of an Outline row through the inner step it names", () => {
    const b = library.bind('the response property "$.startedAt" matches the rule: exists only if "$.qosStatus" is "AVAILABLE" and value is in the past');
    expect(b?.def.name).toBe("response.rule");
    expect(b?.inner?.def.name).toBe("response.exists-only-if-status");
    expect(library.bind('the response property "$.device" matches the rule: is spelled backwards')).toBeUndefined();
  });

  it("leaves an unknown phrase unbound", () => {
    expect(library.bind("the moon is made of cheese")).toBeUndefined();
  });

  it.runIf(referenceAvailable())("binds each phrase of the official files to exactly one definition", () => {
    const dirs = ["QualityOnDemand/r3.2", "NumberVerification", "SimSwap", "Commonalities"];
    const texts = new Set<string>();
    for (const dir of dirs) {
      for (const name of readdirSync(join(REFERENCE_DIR, dir)).filter((n) => n.endsWith(".feature"))) {
        for (const s of readFeature(join(REFERENCE_DIR, dir, name), name).scenarios) for (const st of s.steps) texts.add(st.text);
      }
    }
    // template placeholders are substituted before binding
    const concrete = [...texts].filter((t) => !/[{<](?:xxx|operationId|path_to_\w+|value)[}>]/.test(t));
    const ambiguous = concrete.filter((t) => library.matching(t).length > 1).map((t) => `${t} -> ${library.matching(t).map((d) => d.name).join(", ")}`);
    expect(ambiguous).toEqual([]);
    expect(concrete.filter((t) => !library.bind(t))).toEqual([]);
  });
});
