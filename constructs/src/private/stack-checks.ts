/**
 * Rules that look across a whole stack (one deployment): how many servers, the TURN servers'
 * credential modes, CDR receivers, overlapping user imports, unique names. Constructs enrol
 * what these rules need in the stack's registry; the checks run once per stack at synth.
 */
import { TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { CdrReceiver } from '../../generated/providers/cms/cdr-receiver';
import * as rules from '../rules';
import type { Finding, ImportScope } from '../rules';
import type { TurnCredentialMode } from '../types';
import { addRuleCheck } from './findings';

/** What the stack-wide rules need, enrolled by the constructs as they are made. */
export interface StackRegistry {
  readonly servers: string[];
  readonly turnServers: { readonly name: string; readonly mode: TurnCredentialMode; readonly credentialServer?: string }[];
  /** User imports, keyed by their LDAP server (an object identity). */
  readonly userImports: Map<object, ImportScope[]>;
  readonly spaceTemplateNames: string[];
  readonly callBridgeGroupNames: string[];
  /** Call Bridges that trust an Expressway-C CA (short-term TURN credentials). */
  readonly bridgesTrustingExpressway: string[];
}

const registries = new WeakMap<TerraformStack, StackRegistry>();

function cdrReceiverFindings(stack: TerraformStack): Finding[] {
  const byProvider = new Map<string, number>();
  for (const r of stack.node.findAll().filter((c): c is CdrReceiver => c instanceof CdrReceiver)) {
    // Receivers may be kept per node (cms-api.md §6.7): count them per API endpoint.
    const where = r.provider?.alias ? `provider cms.${r.provider.alias}` : 'the default cms provider';
    byProvider.set(where, (byProvider.get(where) ?? 0) + 1);
  }
  return [...byProvider].flatMap(([where, n]) => rules.cdrReceiverCount(n, where));
}

function check(stack: TerraformStack, reg: StackRegistry): Finding[] {
  const short = reg.turnServers.filter((t) => t.credentialServer !== undefined).map((t) => t.credentialServer as string);
  return [
    ...rules.serverCount(reg.servers.length),
    ...rules.turnCredentialModes(reg.turnServers),
    ...rules.turnCredentialServers(short),
    ...rules.turnCredentialTrust(reg.turnServers.filter((t) => t.credentialServer !== undefined).map((t) => t.name), reg.bridgesTrustingExpressway.length),
    ...cdrReceiverFindings(stack),
    ...[...reg.userImports.values()].flatMap((imports) => rules.userImportOverlap(imports)),
    ...rules.uniqueNames('space template', reg.spaceTemplateNames),
    ...rules.uniqueNames('Call Bridge group', reg.callBridgeGroupNames),
  ];
}

/** The registry of the stack holding `scope`, made (with its checks) on first use. */
export function stackRegistry(scope: IConstruct): StackRegistry {
  const stack = TerraformStack.of(scope);
  let reg = registries.get(stack);
  if (!reg) {
    const made: StackRegistry = { servers: [], turnServers: [], userImports: new Map(), spaceTemplateNames: [], callBridgeGroupNames: [], bridgesTrustingExpressway: [] };
    registries.set(stack, made);
    addRuleCheck(stack, () => check(stack, made));
    reg = made;
  }
  return reg;
}
