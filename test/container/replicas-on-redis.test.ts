/**
 * Two mock replicas on one real Redis, through the testcontainers module (issue 18's scale-out): a
 * token issued by A works on B, a session created on A is read on B, the clock moved on B is seen
 * on A. Runs where the engine runs, the image's CLI has --store and a Redis image is present
 * ($CAMARA_REDIS_IMAGE, redis:7, or local/redis:bookworm from scripts/docker/redis.Dockerfile);
 * otherwise skips with the reason printed. (The SIGKILL / exactly-once part is the store's own test.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplicasOnRedis } from "../../src/testcontainers/index.ts";
import { CONTAINER_SKIP_REASON, IMAGE, imageMockHelp, imagePresent } from "./docker-available.ts";

type Replicas = Awaited<ReturnType<typeof startReplicasOnRedis>>;

const REDIS_IMAGES = [process.env.CAMARA_REDIS_IMAGE, "redis:7", "local/redis:bookworm"].filter((i): i is string => !!i);

function whyNot(): { reason?: string; redisImage?: string } {
  if (CONTAINER_SKIP_REASON) return { reason: CONTAINER_SKIP_REASON };
  if (!imageMockHelp().includes("--store")) return { reason: `the CLI in ${IMAGE} has no mock --store (Redis store not in this build)` };
  const redisImage = REDIS_IMAGES.find(imagePresent);
  if (!redisImage) return { reason: `no Redis image (${REDIS_IMAGES.join(", ")}): docker build -t local/redis:bookworm - < scripts/docker/redis.Dockerfile` };
  return { redisImage };
}

const { reason, redisImage } = whyNot();
if (reason) console.log(`replica tests skipped: ${reason}`);

describe(reason ? `two replicas on one Redis (skipped: ${reason})` : `two replicas of ${IMAGE} on ${redisImage}`, { timeout: 300_000 }, () => {
  let set: Replicas;
  const session = {
    device: { phoneNumber: "+34600000001" },
    applicationServer: { ipv4Address: "198.51.100.1" },
    qosProfile: "QOS_E",
    duration: 600,
  };

  beforeAll(async () => {
    if (reason) return;
    set = await startReplicasOnRedis({ image: IMAGE, redisImage, configure: (c) => c.withAllowInsecureSinks() });
  }, 240_000);

  afterAll(async () => {
    await set?.stop();
  });

  it.skipIf(reason)("a token from A works on B, a session created on A is read on B", async () => {
    const [a, b] = set.replicas;
    const tokenAnswer = await fetch(`${a.baseUrl}/token`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa("demo-app:demo-app-secret")}` },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "quality-on-demand:sessions:create quality-on-demand:sessions:read" }),
    });
    expect(tokenAnswer.status).toBe(200);
    const { access_token } = (await tokenAnswer.json()) as { access_token: string };
    const headers = { authorization: `Bearer ${access_token}`, "content-type": "application/json" };
    const created = await fetch(`${a.baseUrl}/quality-on-demand/v1/sessions`, { method: "POST", headers, body: JSON.stringify(session) });
    expect(created.status).toBe(201);
    const { sessionId } = (await created.json()) as { sessionId: string };
    const read = await fetch(`${b.baseUrl}/quality-on-demand/v1/sessions/${sessionId}`, { headers });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { sessionId: string }).sessionId).toBe(sessionId);
  });

  it.skipIf(reason)("the clock moved on B is seen on A", async () => {
    const [a, b] = set.replicas;
    const before = await a.now();
    await b.advanceClock(7200);
    const after = await a.now();
    expect(after.getTime() - before.getTime()).toBeGreaterThanOrEqual(7_200_000);
    expect(after.getTime() - before.getTime()).toBeLessThan(7_260_000);
  });
});
