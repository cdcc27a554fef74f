/**
 * Device objects for the common device-error scenarios C01.x (Commonalities C01-device-errors,
 * repeated in every QoD and QoS Profiles definition file): one schema violation per identifier type
 * (the C01.02 Examples rows), and a device made only of the identifier types the target does not
 * support (C01.06).
 */
import type { Device } from "./qod-builders.ts";
import type { ScenarioContext } from "./context.ts";

export interface InvalidIdentifierRow {
  /** the row's distinguishing value, e.g. "ipv4Address" (id suffix) */
  row: string;
  /** the schema the row names */
  schema: string;
  /** a device whose `row` identifier violates `schema` */
  device: unknown;
}

/** The C01.02 Examples table, each row a near miss of its schema. */
export const INVALID_IDENTIFIER_ROWS: InvalidIdentifierRow[] = [
  { row: "phoneNumber", schema: "PhoneNumber (^\\+[1-9][0-9]{4,14}$)", device: { phoneNumber: "34600000013" } },
  { row: "ipv4Address", schema: "DeviceIpv4Addr (publicAddress format ipv4)", device: { ipv4Address: { publicAddress: "198.51.100.256", publicPort: 5000 } } },
  { row: "ipv6Address", schema: "DeviceIpv6Address (format ipv6)", device: { ipv6Address: "2001:db8::1::2" } },
  { row: "networkAccessIdentifier", schema: "NetworkAccessIdentifier (type string)", device: { networkAccessIdentifier: 12345 } },
];

/**
 * A schema-valid device carrying only identifier types the target lists as unsupported, or a skip
 * when it lists none. (The r3.2 files call NAI "by default not supported", but a target may support
 * it, so the harness asks the target configuration instead of assuming.)
 */
export function unsupportedDevice(t: ScenarioContext): Device {
  const types = t.target.unsupportedIdentifiers;
  if (types.length === 0) t.skip("the target configuration lists no unsupported identifier type (unsupportedIdentifiers)");
  const plain = t.target.subscribers.plain;
  const sample: Required<Device> = {
    phoneNumber: plain?.phoneNumber ?? "+34600000013",
    ipv4Address: plain?.device?.ipv4Address ?? { publicAddress: "198.51.100.10", publicPort: 5000 },
    ipv6Address: plain?.device?.ipv6Address ?? "2001:db8:1::10",
    networkAccessIdentifier: plain?.device?.networkAccessIdentifier ?? "qod-harness@iot.operator.example",
  };
  return Object.fromEntries(types.map((type) => [type, sample[type as keyof Device]])) as Device;
}

/** The schema-valid device of the target's `unknown` subscriber (404 IDENTIFIER_NOT_FOUND). */
export function unknownDevice(t: ScenarioContext): Device {
  const unknown = t.target.subscribers.unknown;
  return (unknown.device as Device | undefined) ?? { phoneNumber: unknown.phoneNumber };
}
