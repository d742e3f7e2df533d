import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AUDIT_CASES_STATE,
  AUDIT_ENTRIES_GET,
  AUDIT_ENTRIES_LIST,
  AUDIT_EXPORT_PAGE,
  AUDIT_PERMITS_PROOF,
  AUDIT_PROOFS_CONSISTENCY,
  AUDIT_PROOFS_INCLUSION,
  AUDIT_PUBLIC_KEYS,
  AUDIT_TREE_HEADS_LATEST,
  AUDIT_TREE_HEADS_OF_SIZE,
  AUDIT_TREE_HEADS_SIGN,
  AUDIT_TREE_ROOT,
  CaseStateRequest,
  ConsistencyProofRequest,
  ExportPageRequest,
  GetAuditEntryRequest,
  InclusionProofRequest,
  ListAuditEntriesRequest,
  PermitProofRequest,
  TreeHeadOfSizeRequest,
  TreeRootRequest,
  type RpcReply,
} from '#contracts';
import { GetCaseState } from './get-case-state/get-case-state.use-case.js';
import { GetEntry } from './get-entry/get-entry.use-case.js';
import { GetLatestTreeHead } from './get-latest-tree-head/get-latest-tree-head.use-case.js';
import { GetTreeHeadOfSize } from './get-tree-head-of-size/get-tree-head-of-size.use-case.js';
import { GetTreeRoot } from './get-tree-root/get-tree-root.use-case.js';
import { ListEntries } from './list-entries/list-entries.use-case.js';
import { ListPublicKeys } from './list-public-keys/list-public-keys.use-case.js';
import { ProveConsistency } from './prove-consistency/prove-consistency.use-case.js';
import { ProveInclusion } from './prove-inclusion/prove-inclusion.use-case.js';
import { ProvePermit } from './prove-permit/prove-permit.use-case.js';
import { ReadExportPage } from './read-export-page/read-export-page.use-case.js';
import { SignTreeHead } from './sign-tree-head/sign-tree-head.use-case.js';

/**
 * The audit log's read side over NATS (the gateway serves it to auditors): each pattern of
 * `AUDIT_RPC` mapped to its use case, nothing more. Requests arrive as their classes of
 * `libs/contracts/src/rpc/audit.rpc.ts`; use cases throw `AuditErrors`, which cross the wire
 * as `{code, message, details}`.
 */
@Controller()
export class AuditLogNatsController {
  constructor(
    private readonly latestTreeHead: GetLatestTreeHead,
    private readonly signTreeHead: SignTreeHead,
    private readonly treeHeadOfSize: GetTreeHeadOfSize,
    private readonly publicKeys: ListPublicKeys,
    private readonly getEntry: GetEntry,
    private readonly listEntries: ListEntries,
    private readonly caseState: GetCaseState,
    private readonly exportPage: ReadExportPage,
    private readonly proveInclusion: ProveInclusion,
    private readonly proveConsistency: ProveConsistency,
    private readonly treeRoot: GetTreeRoot,
    private readonly provePermit: ProvePermit,
  ) {}

  @MessagePattern(AUDIT_TREE_HEADS_LATEST)
  latest(): Promise<RpcReply<typeof AUDIT_TREE_HEADS_LATEST>> {
    return this.latestTreeHead.execute();
  }

  @MessagePattern(AUDIT_TREE_HEADS_SIGN)
  sign(): Promise<RpcReply<typeof AUDIT_TREE_HEADS_SIGN>> {
    return this.signTreeHead.execute();
  }

  @MessagePattern(AUDIT_TREE_HEADS_OF_SIZE)
  ofSize(
    @Payload() request: TreeHeadOfSizeRequest,
  ): Promise<RpcReply<typeof AUDIT_TREE_HEADS_OF_SIZE>> {
    return this.treeHeadOfSize.execute(request);
  }

  @MessagePattern(AUDIT_PUBLIC_KEYS)
  keys(): Promise<RpcReply<typeof AUDIT_PUBLIC_KEYS>> {
    return this.publicKeys.execute();
  }

  @MessagePattern(AUDIT_ENTRIES_GET)
  entry(@Payload() request: GetAuditEntryRequest): Promise<RpcReply<typeof AUDIT_ENTRIES_GET>> {
    return this.getEntry.execute(request);
  }

  @MessagePattern(AUDIT_ENTRIES_LIST)
  list(@Payload() request: ListAuditEntriesRequest): Promise<RpcReply<typeof AUDIT_ENTRIES_LIST>> {
    return this.listEntries.execute(request);
  }

  @MessagePattern(AUDIT_CASES_STATE)
  cases(@Payload() request: CaseStateRequest): Promise<RpcReply<typeof AUDIT_CASES_STATE>> {
    return this.caseState.execute(request);
  }

  @MessagePattern(AUDIT_EXPORT_PAGE)
  export(@Payload() request: ExportPageRequest): Promise<RpcReply<typeof AUDIT_EXPORT_PAGE>> {
    return this.exportPage.execute(request);
  }

  @MessagePattern(AUDIT_PROOFS_INCLUSION)
  inclusion(
    @Payload() request: InclusionProofRequest,
  ): Promise<RpcReply<typeof AUDIT_PROOFS_INCLUSION>> {
    return this.proveInclusion.execute(request);
  }

  @MessagePattern(AUDIT_PROOFS_CONSISTENCY)
  consistency(
    @Payload() request: ConsistencyProofRequest,
  ): Promise<RpcReply<typeof AUDIT_PROOFS_CONSISTENCY>> {
    return this.proveConsistency.execute(request);
  }

  @MessagePattern(AUDIT_TREE_ROOT)
  root(@Payload() request: TreeRootRequest): Promise<RpcReply<typeof AUDIT_TREE_ROOT>> {
    return this.treeRoot.execute(request);
  }

  @MessagePattern(AUDIT_PERMITS_PROOF)
  permit(@Payload() request: PermitProofRequest): Promise<RpcReply<typeof AUDIT_PERMITS_PROOF>> {
    return this.provePermit.execute(request);
  }
}
