/**
 * Users and spaces from an LDAP server, as Meeting Management provisions them (deployment-rules.md
 * "Meeting Management provisioning" items 2, 3, 5 and 7):
 *
 *   user import              → cms_ldap_mapping (sign-in and display name) + cms_ldap_source
 *                              (base DN, filter), and a cms_user_profile when a licence is chosen
 *   automatic space rule     → its own mapping (with the space name and URI mappings) and source,
 *                              narrowed to the rule's users; the import's source keeps the rest
 *   space templates granted  → cms_ldap_user_cospace_template_source per source
 *   sync                     → cms_ldap_sync whose triggers hold the ids and a hash of everything
 *                              above, so a change runs it again; a schedule goes to an output
 *   removeUsersOnDestroy     → a second cms_ldap_sync that runs on destroy, which the sources
 *                              depend on: once they are deleted it runs a final sync, which
 *                              removes the users and spaces they made
 *
 * The imports themselves are in ./user-import.ts.
 */
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { dependable, TerraformOutput, Token } from 'cdktf';
import { LdapSync } from '../generated/providers/cms/ldap-sync';
import type { ILdapServer } from './ldap-server';
import { LdapServer } from './ldap-server';
import type { IMeetingServer } from './meeting-server';
import { apiProvider, apiProviderFindings } from './private/api-server';
import { addRuleCheck } from './private/findings';
import { stackRegistry } from './private/stack-checks';
import { checkRange, duplicates } from './private/util';
import * as rules from './rules';
import type { SyncSchedule } from './sync-schedule';
import { UserImport } from './user-import';
import type { UserImportOptions } from './user-import';

export interface LdapImportProps {
  /** The LDAP server the users come from. */
  readonly ldapServer: ILdapServer;
  /** The user imports. */
  readonly userImports: UserImportOptions[];
  /**
   * Run an LDAP sync (`cms_ldap_sync`) on apply, and again whenever these LDAP objects change.
   * @default true
   */
  readonly sync?: boolean;
  /**
   * Node (Call Bridge) the sync runs on.
   * @default apiServer
   */
  readonly syncOn?: IMeetingServer;
  /**
   * How long apply waits for the sync to finish.
   * @default the provider's (600 seconds)
   */
  readonly syncTimeoutSeconds?: number;
  /**
   * Also sync on a schedule: emitted as the Terraform output syncScheduleOutputName, which the
   * pipeline reads to run `terraform apply -replace=<resource>` at those times.
   * @default no schedule: sync only when the LDAP objects change
   */
  readonly syncSchedule?: SyncSchedule;
  /**
   * Name of the output holding the schedule (lower case, `_` for other characters); the sync's
   * outcome is in the same name with `_outcome` for `_schedule`.
   * @default `<construct id>_sync_schedule`
   */
  readonly syncScheduleOutputName?: string;
  /**
   * Node whose API creates the LDAP objects.
   * @default the stack's default cms provider
   */
  readonly apiServer?: IMeetingServer;
  /**
   * Remove the users and spaces this import's syncs made when the import is destroyed (or taken
   * out of the app): a final LDAP sync runs once its sources are deleted. The API cannot delete
   * LDAP-made objects; only a sync whose sources are gone removes them. The final sync is a full
   * one: other imports are synced too.
   * @default false: they stay until a sync runs after the sources are gone
   */
  readonly removeUsersOnDestroy?: boolean;
}

/** A stable JSON text of the literal settings; tokens are left to triggers of their own. */
function stableJson(value: unknown, tokens: Map<string, string>, path: string): string {
  if (typeof value === 'string' && Token.isUnresolved(value)) {
    tokens.set(path, value);
    return '"<token>"';
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => stableJson(v, tokens, `${path}.${i}`)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v, tokens, `${path}.${k}`)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class LdapImport extends Construct {
  public readonly ldapServer: ILdapServer;
  public readonly imports: readonly UserImport[];
  /** The `cms_ldap_sync`, unless sync is false. */
  public readonly sync?: LdapSync;
  /** The schedule, when one is given; also in the output syncScheduleOutputName. */
  public readonly syncSchedule?: SyncSchedule;
  /** Address of the sync resource, for `terraform apply -replace=...`. */
  public readonly syncResourceAddress?: string;
  /** The `cms_ldap_sync` that runs on destroy, with removeUsersOnDestroy. */
  public readonly removeUsersSync?: LdapSync;

  constructor(scope: Construct, id: string, props: LdapImportProps) {
    super(scope, id);
    checkRange('syncTimeoutSeconds', props.syncTimeoutSeconds, 1, 86400);
    const names = duplicates(props.userImports.map((o) => o.name));
    if (names.length) throw new Error(`LdapImport: user import names must differ; ${names.join(', ')} is used more than once.`);
    if (props.syncSchedule && props.sync === false) throw new Error('LdapImport: syncSchedule needs sync (do not set sync: false).');

    this.ldapServer = props.ldapServer;
    this.imports = props.userImports.map((o) => new UserImport(this, o, props.ldapServer, props.apiServer));

    if (props.sync !== false) {
      const triggers: Record<string, string> = { ldap_server: props.ldapServer.ldapServerId };
      const tokens = new Map<string, string>();
      const literal = {
        server: props.ldapServer instanceof LdapServer ? props.ldapServer.syncRelevantSettings : undefined,
        imports: props.userImports.map((o) => ({
          ...o,
          spaceTemplates: o.spaceTemplates?.map((g) => ({ templateId: g.template.templateId, filter: g.filter })),
          automaticSpaces: o.automaticSpaces?.map((r) => ({ ...r, template: undefined })),
        })),
      };
      triggers.config = createHash('sha256').update(stableJson(literal, tokens, 'config')).digest('hex');
      for (const [path, token] of tokens) triggers[path] = token;
      for (const imp of this.imports) {
        for (const [name, source] of imp.sources) triggers[`source:${imp.options.name}:${name}`] = source.id;
        imp.mappings.forEach((m, i) => (triggers[`mapping:${imp.options.name}:${i + 1}`] = m.id));
        imp.templateSources.forEach((t, i) => (triggers[`template_source:${imp.options.name}:${i + 1}`] = t.id));
        if (imp.userProfile) triggers[`user_profile:${imp.options.name}`] = imp.userProfile.id;
      }
      this.sync = new LdapSync(this, 'Sync', {
        triggers,
        timeoutSeconds: props.syncTimeoutSeconds,
        provider: props.syncOn?.provider ?? apiProvider(props.apiServer),
      });
      this.syncResourceAddress = `${LdapSync.tfResourceType}.${this.sync.friendlyUniqueId}`;

      const scheduleName = (props.syncScheduleOutputName ?? `${id}_sync_schedule`).toLowerCase().replace(/[^a-z0-9_]/g, '_');
      const outcome = new TerraformOutput(this, 'SyncOutcome', {
        description: 'Outcome of the last LDAP sync: state, users and automatic spaces before and after.',
        value: { state: this.sync.state, users_imported: this.sync.numUsersImported, users_before: this.sync.usersBefore, users_after: this.sync.usersAfter, spaces_before: this.sync.spacesBefore, spaces_after: this.sync.spacesAfter },
      });
      outcome.overrideLogicalId(`${scheduleName.replace(/_schedule$/, '')}_outcome`);
      if (props.syncSchedule) {
        this.syncSchedule = props.syncSchedule;
        const schedule = new TerraformOutput(this, 'SyncSchedule', {
          description: 'When the pipeline should run the LDAP sync again: run terraform apply -replace=<resource> at cron.',
          value: { cron: props.syncSchedule.cron, days: props.syncSchedule.days, time: props.syncSchedule.time, resource: this.syncResourceAddress },
        });
        schedule.overrideLogicalId(scheduleName);
      }
    }

    if (props.removeUsersOnDestroy) {
      // Destroyed after the sources that depend on it: its final sync finds them gone.
      this.removeUsersSync = new LdapSync(this, 'RemoveUsersOnDestroy', {
        runOn: 'destroy',
        timeoutSeconds: props.syncTimeoutSeconds,
        provider: props.syncOn?.provider ?? apiProvider(props.apiServer),
      });
      for (const imp of this.imports) for (const source of imp.sources.values()) source.dependsOn = [...(source.dependsOn ?? []), dependable(this.removeUsersSync)];
    }

    const registry = stackRegistry(this);
    const scopes = registry.userImports.get(props.ldapServer) ?? [];
    scopes.push(...props.userImports.map((o) => ({ name: `${this.node.path}/${o.name}`, baseDn: o.baseDn, filter: o.filter })));
    registry.userImports.set(props.ldapServer, scopes);
    addRuleCheck(this, () => [
      ...props.userImports.flatMap((o) =>
        (o.automaticSpaces ?? []).flatMap((r) => (r.template ? rules.notApplied(`user import ${o.name}, automatic space rule ${r.name}: template`, 'cms_ldap_mapping has no space template parameter; the spaces get the profiles of the tenant or the system.') : [])),
      ),
      ...apiProviderFindings(this, props.apiServer),
    ]);
  }
}
