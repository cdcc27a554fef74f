/**
 * Several mock replicas sharing one Redis (issue 18's scale-out): a network of their own, a Redis
 * container reachable as `redis`, and N CamaraHarnessContainers started with `--store
 * redis://redis:6379`, each with its own published port, as a load balancer would spread clients.
 * Needs an image whose CLI has --store, and a Redis image (`redis:7` from Docker Hub, or one built
 * offline from scripts/docker/redis.Dockerfile).
 */
import { GenericContainer, Network, type StartedNetwork, type StartedTestContainer, Wait } from "testcontainers";
import { CamaraHarnessContainer } from "./camara-harness-container.ts";
import type { StartedCamaraHarness } from "./started-camara-harness.ts";

export interface ReplicasOnRedisOptions {
  /** the harness image (default: CamaraHarnessContainer's) */
  image?: string;
  /** the Redis image (default: $CAMARA_REDIS_IMAGE, else redis:7) */
  redisImage?: string;
  /** how many replicas (default 2) */
  replicas?: number;
  /** more options for each replica, e.g. (c, i) => c.withAllowInsecureSinks() */
  configure?: (container: CamaraHarnessContainer, index: number) => CamaraHarnessContainer;
}

export interface StartedReplicasOnRedis {
  network: StartedNetwork;
  redis: StartedTestContainer;
  /** redis://redis:6379, as the replicas reach it */
  storeUrl: string;
  replicas: StartedCamaraHarness[];
  stop(): Promise<void>;
}

export async function startReplicasOnRedis(options: ReplicasOnRedisOptions = {}): Promise<StartedReplicasOnRedis> {
  const network = await new Network().start();
  const started: { stop(): Promise<unknown> }[] = [];
  const stop = async () => {
    for (const c of started.reverse()) await c.stop().catch(() => undefined);
    await network.stop().catch(() => undefined);
  };
  try {
    const redis = await new GenericContainer(options.redisImage ?? (process.env.CAMARA_REDIS_IMAGE || "redis:7"))
      .withNetwork(network)
      .withNetworkAliases("redis")
      .withExposedPorts(6379)
      .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
      .start();
    started.push(redis);
    const storeUrl = "redis://redis:6379";
    const replicas: StartedCamaraHarness[] = [];
    for (let i = 0; i < (options.replicas ?? 2); i++) {
      const container = new CamaraHarnessContainer(options.image).withNetwork(network).withNetworkAliases(`mock-${i}`).withStore(storeUrl);
      const replica = await (options.configure ? options.configure(container, i) : container).start();
      started.push(replica);
      replicas.push(replica);
    }
    return { network, redis, storeUrl, replicas, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
