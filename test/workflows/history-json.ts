import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root.js';

/**
 * Temporal's JSON form of a history (proto3 JSON, as `temporal workflow show -o json` writes),
 * to and from the History message the client fetches and the replayer takes.
 *
 * Why not `historyToJSON`/`historyFromJSON` of `@temporalio/common/lib/proto-utils`: in this
 * install they throw `TypeError: type must be a Type`. `@temporalio/common` and
 * `@temporalio/proto` each get their own copy of protobufjs 8 (the top-level slot holds
 * protobufjs 7 for another package), and protojson checks `instanceof Type` against its own
 * copy while the history's type was built by the other. Resolving protojson from
 * `@temporalio/proto`'s folder picks the copy that built the types, in this layout and in a
 * deduplicated one alike.
 */
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

const require = createRequire(import.meta.url);
const protojson = require(
  require.resolve('protobufjs/ext/protojson', {
    paths: [dirname(require.resolve('@temporalio/proto'))],
  }),
) as ProtoJson;
const historyType = (
  patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }
).lookupType('temporal.api.history.v1.History');

type History = proto.temporal.api.history.v1.IHistory;

export const historyToJson = (history: History): unknown =>
  protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history));

export function historyFromJson(json: unknown): History {
  const history = protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
  if (history === null || typeof history !== 'object') throw new TypeError('not a history');
  return history;
}
