/**
 * qos-provisioning 0.3.0 beyond the shape (layer "api"), on the target's clock: an assignment
 * becomes AVAILABLE and says so at the sink; one assignment per device, whichever client asks;
 * another client reads nothing of it (403, also by device); a revoked assignment is UNAVAILABLE /
 * DELETE_REQUESTED, readable, and frees the device; one the network ended stays readable 350 s and
 * still holds the device; profiles and lines the service does not cover are refused with their codes.
 */
import { describe, expect } from "vitest";
import { tokenFingerprint } from "../../src/target/sink-server.ts";
import { scenario } from "../support/scenario.ts";
import { QP, body, client, create, credential, newAssignment, qp, read, revokeQuietly, sinkToken, token, waitFor } from "./assignments.ts";

const ID = "qos_provisioning_lifecycle";

describe(`qos-provisioning ${QP.version} assignments (api)`, () => {
  scenario(
    qp("createQosAssignment")(`${ID}_01_requested_to_available_with_event`, "A new assignment becomes AVAILABLE and the sink hears of it",
      "201 REQUESTED or AVAILABLE; then AVAILABLE with startedAt; a status-changed CloudEvent with the assignmentId and AVAILABLE, Bearer sinkCredential"),
    async (t) => {
      const sink = t.sink();
      const bearer = await token(t);
      const access = sinkToken();
      const a = await newAssignment(t, t.subscriber("plain"), bearer, { sink: sink.url, sinkCredential: credential(access) });
      expect(["REQUESTED", "AVAILABLE"], "status of the new assignment").toContain(a.status);
      const available = await waitFor(t, a.assignmentId, bearer, ["AVAILABLE"]);
      expect(available.startedAt, "startedAt once AVAILABLE").toBeDefined();
      expect(available.statusInfo, "statusInfo while AVAILABLE").toBeUndefined();
      const events = await sink.received();
      const mine = events.filter((e) => e.body?.data?.assignmentId === a.assignmentId);
      expect(mine.length, "events for the assignment at the sink").toBeGreaterThanOrEqual(1);
      expect(mine[0].body.type).toBe("org.camaraproject.qos-provisioning.v0.status-changed");
      expect(mine[0].body.data.status).toBe("AVAILABLE");
      // the runner's sink keeps a fingerprint of the bearer token, never the token itself
      expect(mine[0].headers.authorization, "Authorization of the event").toBe(`Bearer ${tokenFingerprint(access)}`);
    },
  );

  scenario(
    qp("createQosAssignment")(`${ID}_02_one_per_device`, "A second assignment for the same device is 409 CONFLICT, also for another client",
      "A device has at most one assignment: createQosAssignment for it answers 409 CONFLICT while the first exists, whoever asks"),
    async (t) => {
      const s = t.subscriber("plain2");
      await newAssignment(t, s, await token(t));
      t.expectError(await create(t, body(t, s), await token(t)), 409, "CONFLICT");
      const other = await token(t, { secondary: true });
      const answer = await create(t, body(t, s), other);
      t.expectError(answer, 409, "CONFLICT");
      expect(JSON.stringify(answer.error), "the 409 names no other client's assignment").not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    },
  );

  scenario(
    qp("getQosAssignmentById")(`${ID}_03_other_client_sees_nothing`, "Another client cannot read or revoke the assignment",
      "getQosAssignmentById, revokeQosAssignment and getQosAssignmentByDevice with another client's token answer 403 PERMISSION_DENIED, and the assignment survives"),
    async (t) => {
      const s = t.subscriber("plain");
      const bearer = await token(t);
      const a = await newAssignment(t, s, bearer);
      const other = await token(t, { secondary: true });
      t.expectError(await read(t, a.assignmentId, other), 403, "PERMISSION_DENIED");
      const del = await client(t).DELETE("/qos-assignments/{assignmentId}", { params: { path: { assignmentId: a.assignmentId } }, headers: await t.headers(other) });
      t.expectError(del, 403, "PERMISSION_DENIED");
      const byDevice = await client(t).POST("/retrieve-qos-assignment", { body: { device: { phoneNumber: s.phoneNumber } }, headers: await t.headers(other) });
      t.expectError(byDevice, 403, "PERMISSION_DENIED");
      expect((await read(t, a.assignmentId, bearer)).response.status, "the owner still reads it").toBe(200);
    },
  );

  scenario(
    qp("revokeQosAssignment")(`${ID}_04_revoked_is_unavailable_and_frees_the_device`, "A revoked assignment is UNAVAILABLE / DELETE_REQUESTED and the device is free",
      "After revokeQosAssignment (204, or 202 while the network works) the assignment reads UNAVAILABLE with statusInfo DELETE_REQUESTED " +
        "(kept at least 360 s), the sink gets that event, getQosAssignmentByDevice answers 404 and a new assignment for the device is accepted"),
    async (t) => {
      const s = t.subscriber("plain");
      const sink = t.sink();
      const bearer = await token(t);
      const a = await newAssignment(t, s, bearer, { sink: sink.url, sinkCredential: credential(sinkToken()) });
      await waitFor(t, a.assignmentId, bearer, ["AVAILABLE"]);
      const del = await client(t).DELETE("/qos-assignments/{assignmentId}", { params: { path: { assignmentId: a.assignmentId } }, headers: await t.headers(bearer) });
      expect([202, 204], "revokeQosAssignment status").toContain(del.response.status);
      const ended = await waitFor(t, a.assignmentId, bearer, ["UNAVAILABLE"]);
      expect(ended.statusInfo).toBe("DELETE_REQUESTED");
      const events = (await sink.received()).filter((e) => e.body?.data?.assignmentId === a.assignmentId).map((e) => e.body.data);
      expect(events.at(-1), "last event").toMatchObject({ status: "UNAVAILABLE", statusInfo: "DELETE_REQUESTED" });
      const byDevice = await client(t).POST("/retrieve-qos-assignment", { body: { device: { phoneNumber: s.phoneNumber } }, headers: await t.headers(bearer) });
      t.expectError(byDevice, 404, "NOT_FOUND");
      await newAssignment(t, s, bearer);
    },
  );

  scenario(
    qp("getQosAssignmentById")(`${ID}_05_network_terminated_kept_and_holding`, "An assignment the network could not apply is kept and still holds the device",
      "For the qodUnavailable line the assignment ends UNAVAILABLE / NETWORK_TERMINATED, is still readable 350 s later, and a new one for the device is 409 until it is revoked"),
    async (t) => {
      if (!t.target.clockUrl) return t.skip("the target exposes no clock to advance (waiting 350 s in real time is not done)");
      const s = t.subscriber("qodUnavailable");
      const bearer = await token(t);
      const a = await newAssignment(t, s, bearer);
      const ended = await waitFor(t, a.assignmentId, bearer, ["UNAVAILABLE"]);
      expect(ended.statusInfo).toBe("NETWORK_TERMINATED");
      t.expectError(await create(t, body(t, s), bearer), 409, "CONFLICT");
      await t.advanceClock(350);
      expect((await read(t, a.assignmentId, bearer)).response.status, "readable 350 s after it ended").toBe(200);
      await revokeQuietly(t, a.assignmentId, bearer);
      await newAssignment(t, s, bearer);
    },
  );

  scenario(
    qp("createQosAssignment")(`${ID}_06_profile_not_applicable`, "A profile that is not ACTIVE cannot be assigned",
      "createQosAssignment with an existing but INACTIVE profile answers 422 QOS_PROVISIONING.QOS_PROFILE_NOT_APPLICABLE; an unknown one 400 INVALID_ARGUMENT"),
    async (t) => {
      const inactive = t.target.qosProfiles.inactive;
      if (!inactive) return t.skip("the target configuration names no INACTIVE QoS profile (qosProfiles.inactive)");
      const s = t.subscriber("plain");
      const bearer = await token(t);
      t.expectError(await create(t, body(t, s, { qosProfile: inactive }), bearer), 422, "QOS_PROVISIONING.QOS_PROFILE_NOT_APPLICABLE");
      t.expectError(await create(t, body(t, s, { qosProfile: "NO_SUCH_PROFILE_XYZ" }), bearer), 400, "INVALID_ARGUMENT");
    },
  );

  scenario(
    qp("createQosAssignment")(`${ID}_07_service_not_applicable`, "A line the service does not cover is refused",
      "createQosAssignment and getQosAssignmentByDevice for the notApplicable line answer 422 SERVICE_NOT_APPLICABLE, and nothing is created"),
    async (t) => {
      const s = t.subscriber("notApplicable");
      const bearer = await token(t);
      t.expectError(await create(t, body(t, s), bearer), 422, "SERVICE_NOT_APPLICABLE");
      const byDevice = await client(t).POST("/retrieve-qos-assignment", { body: { device: { phoneNumber: s.phoneNumber } }, headers: await t.headers(bearer) });
      t.expectError(byDevice, 422, "SERVICE_NOT_APPLICABLE");
    },
  );
});
