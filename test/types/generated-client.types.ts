/**
 * Compile-time test of the generated clients (checked by `tsc --noEmit`, part of `npm test`):
 * every `@ts-expect-error` line must fail to compile, or tsc reports an unused directive.
 */
import { createQualityOnDemandClient } from "../../generated/quality-on-demand/1.1.0/client.ts";
import { createSimSwapClient } from "../../generated/sim-swap/2.1.0/client.ts";

export async function typeChecks(): Promise<void> {
  const qod = createQualityOnDemandClient("http://127.0.0.1:4010");
  const body = {
    applicationServer: { ipv4Address: "198.51.100.1" },
    qosProfile: "QOS_E",
    duration: 60,
    device: { phoneNumber: "+34600000001" },
  };
  await qod.POST("/sessions", { body });
  const { data } = await qod.GET("/sessions/{sessionId}", { params: { path: { sessionId: "x" } } });
  const status: "REQUESTED" | "AVAILABLE" | "UNAVAILABLE" | undefined = data?.qosStatus;
  void status;

  // @ts-expect-error a path the API does not have
  await qod.GET("/session/{sessionId}", { params: { path: { sessionId: "x" } } });

  // @ts-expect-error createSession without the required qosProfile
  await qod.POST("/sessions", { body: { applicationServer: { ipv4Address: "198.51.100.1" }, duration: 60 } });

  // @ts-expect-error duration must be a number
  await qod.POST("/sessions", { body: { ...body, duration: "60" } });

  const simSwap = createSimSwapClient("http://127.0.0.1:4010");
  await simSwap.POST("/check", { body: { phoneNumber: "+34600000001", maxAge: 24 } });
  // @ts-expect-error maxAge is an integer, not a string
  await simSwap.POST("/check", { body: { phoneNumber: "+34600000001", maxAge: "24" } });
}
