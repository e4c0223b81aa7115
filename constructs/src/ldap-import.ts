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
 *
 * Automatic space rules are applied in order, first match wins: rule i's source takes the
 * import's filter AND rule i's filter AND NOT the earlier rules' filters, so every user lands in
 * exactly one source and no import overlaps itself.
 */
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { TerraformOutput, Token } from 'cdktf';
import { LdapMapping } from '../generated/providers/cms/ldap-mapping';
import { LdapSource } from '../generated/providers/cms/ldap-source';
import { LdapSync } from '../generated/providers/cms/ldap-sync';
import { LdapUserCospaceTemplateSource } from '../generated/providers/cms/ldap-user-cospace-template-source';
import { UserProfile } from '../generated/providers/cms/user-profile';
import { andFilters, notFilter } from './ldap-filter';
import type { ILdapServer } from './ldap-server';
import { LdapServer } from './ldap-server';
import type { IMeetingServer } from './meeting-server';
import { apiProvider, apiProviderFindings } from './private/api-server';
import { addRuleCheck } from './private/findings';
import { stackRegistry } from './private/stack-checks';
import { checkRange, duplicates, idFrom } from './private/util';
import * as rules from './rules';
import type { ISpaceTemplate } from './space-template';
import type { SyncSchedule } from './sync-schedule';

/** A rule that gives users of an import an automatic space (Meeting Management "Automatically create spaces"). */
export interface AutomaticSpaceRule {
  /** Name of the rule; names its LDAP source (`<import>: <rule>`). Unique within the import. */
  readonly name: string;
  /**
   * LDAP filter (RFC 4515) narrowing the import's users; only the last rule may leave it out.
   * @default every user of the import not taken by an earlier rule
   */
  readonly filter?: string;
  /** Template of the space name, such as `$cn$'s space`. */
  readonly spaceNameMapping: string;
  /** Template of the space URI user part, unique per user, such as `$sAMAccountName$.space` (values are lower-cased). */
  readonly uriMapping: string;
  /**
   * Template of a secondary URI, such as a number.
   * @default none
   */
  readonly secondaryUriMapping?: string;
  /**
   * Template of the numeric call ID, such as `$telephoneNumber$`.
   * @default the server chooses
   */
  readonly callIdMapping?: string;
  /**
   * Space template of the spaces. Not applied yet: `cms_ldap_mapping` has no template parameter,
   * so this only raises a CMS-NOT-APPLIED warning.
   * @default none
   */
  readonly template?: ISpaceTemplate;
}

/** Space templates the users of an import may create spaces from (Meeting Management "Allow users to create spaces"). */
export interface SpaceTemplateGrant {
  readonly template: ISpaceTemplate;
  /**
   * LDAP filter narrowing which of the import's users get the template.
   * @default all of them
   */
  readonly filter?: string;
}

/** A user import (Meeting Management "Import users"). */
export interface UserImportOptions {
  /** Name of the import; names its LDAP source and user profile. Unique within the LdapImport. */
  readonly name: string;
  /** DN of the directory subtree to import from, such as `ou=people,dc=example,dc=com`. */
  readonly baseDn: string;
  /**
   * LDAP filter (RFC 4515) selecting the users.
   * @default every entry under baseDn
   */
  readonly filter?: string;
  /** Template of the sign-in user name, unique per user, such as `$sAMAccountName$@example.com` (attribute names are case sensitive). */
  readonly signInNameMapping: string;
  /**
   * Template of the display name, such as `$cn$`.
   * @default none
   */
  readonly displayNameMapping?: string;
  /**
   * Template of the id users sign in with by certificate or single sign-on, such as `$userPrincipalName$`.
   * @default none
   */
  readonly authenticationIdMapping?: string;
  /**
   * Template of the CDR tag, such as a cost centre attribute.
   * @default none
   */
  readonly cdrTagMapping?: string;
  /**
   * Whether the users get a personal (PMP Plus) licence: a user profile with `has_license`.
   * @default no user profile of its own: the tenant's or system's applies
   */
  readonly personalLicense?: boolean;
  /**
   * Id of the tenant the users and their spaces belong to.
   * @default no tenant
   */
  readonly tenantId?: string;
  /**
   * Whether people who are not members may join the users' automatic spaces.
   * @default the server's (true)
   */
  readonly nonMemberAccess?: boolean;
  /**
   * Automatic space rules, applied in order (first match wins).
   * @default no automatic spaces
   */
  readonly automaticSpaces?: AutomaticSpaceRule[];
  /**
   * Space templates the users may create spaces from.
   * @default none
   */
  readonly spaceTemplates?: SpaceTemplateGrant[];
}

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
}

/** The API objects one user import became. */
export class UserImport extends Construct {
  /** LDAP sources, by rule name; the import's own (users in no rule) under its own name. */
  public readonly sources: ReadonlyMap<string, LdapSource>;
  public readonly mappings: readonly LdapMapping[];
  public readonly userProfile?: UserProfile;
  public readonly templateSources: readonly LdapUserCospaceTemplateSource[];

  constructor(scope: Construct, public readonly options: UserImportOptions, ldapServer: ILdapServer, apiServer: IMeetingServer | undefined) {
    super(scope, idFrom(options.name));
    const provider = apiProvider(apiServer);
    const o = options;
    if (o.personalLicense !== undefined) {
      this.userProfile = new UserProfile(this, 'UserProfile', { name: o.name, hasLicense: o.personalLicense, provider });
    }
    const sources = new Map<string, LdapSource>();
    const mappings: LdapMapping[] = [];
    const templateSources: LdapUserCospaceTemplateSource[] = [];
    const addPartition = (scopeOf: Construct, sourceName: string, filter: string | undefined, rule: AutomaticSpaceRule | undefined): void => {
      const mapping = new LdapMapping(scopeOf, 'Mapping', {
        jidMapping: o.signInNameMapping,
        nameMapping: o.displayNameMapping,
        authenticationIdMapping: o.authenticationIdMapping,
        cdrTagMapping: o.cdrTagMapping,
        cospaceNameMapping: rule?.spaceNameMapping,
        cospaceUriMapping: rule?.uriMapping,
        cospaceSecondaryUriMapping: rule?.secondaryUriMapping,
        cospaceCallIdMapping: rule?.callIdMapping,
        provider,
      });
      const source = new LdapSource(scopeOf, 'Source', {
        name: sourceName,
        server: ldapServer.ldapServerId,
        mapping: mapping.id,
        baseDn: o.baseDn,
        filter,
        tenant: o.tenantId,
        userProfile: this.userProfile?.id,
        nonMemberAccess: o.nonMemberAccess,
        provider,
      });
      (o.spaceTemplates ?? []).forEach((grant, i) => {
        templateSources.push(new LdapUserCospaceTemplateSource(scopeOf, `SpaceTemplate${i + 1}`, { ldapSource: source.id, cospaceTemplate: grant.template.templateId, filter: grant.filter, provider }));
      });
      mappings.push(mapping);
      sources.set(rule?.name ?? o.name, source);
    };

    const rulesInOrder = o.automaticSpaces ?? [];
    rulesInOrder.forEach((rule, i) => {
      const earlier = rulesInOrder.slice(0, i).map((r) => notFilter(r.filter as string));
      addPartition(new Construct(this, idFrom(rule.name)), `${o.name}: ${rule.name}`, andFilters([o.filter, rule.filter, ...earlier]), rule);
    });
    const last = rulesInOrder[rulesInOrder.length - 1];
    if (!last || last.filter !== undefined) {
      // Users no rule takes: the import's own source, without automatic spaces.
      addPartition(this, o.name, andFilters([o.filter, ...rulesInOrder.map((r) => notFilter(r.filter as string))]), undefined);
    }
    this.sources = sources;
    this.mappings = mappings;
    this.templateSources = templateSources;
  }
}

function checkImport(o: UserImportOptions): void {
  const ruleNames = (o.automaticSpaces ?? []).map((r) => r.name);
  const dup = duplicates(ruleNames);
  if (dup.length) throw new Error(`user import ${o.name}: automatic space rule names must differ; ${dup.join(', ')} is used more than once.`);
  const catchAll = (o.automaticSpaces ?? []).findIndex((r) => r.filter === undefined);
  if (catchAll >= 0 && catchAll < ruleNames.length - 1) throw new Error(`user import ${o.name}: automatic space rule ${ruleNames[catchAll]} has no filter, so it takes every user and the rules after it never apply; make it the last rule or give it a filter.`);
  for (const [what, template] of Object.entries({ signInNameMapping: o.signInNameMapping, displayNameMapping: o.displayNameMapping, authenticationIdMapping: o.authenticationIdMapping, cdrTagMapping: o.cdrTagMapping })) {
    checkMapping(`user import ${o.name}: ${what}`, template);
  }
  for (const r of o.automaticSpaces ?? []) {
    for (const [what, template] of Object.entries({ spaceNameMapping: r.spaceNameMapping, uriMapping: r.uriMapping, secondaryUriMapping: r.secondaryUriMapping, callIdMapping: r.callIdMapping })) {
      checkMapping(`user import ${o.name}, rule ${r.name}: ${what}`, template);
    }
  }
}

/** LDAP attributes are written between dollars, so a mapping has an even number of them. */
function checkMapping(what: string, template: string | undefined): void {
  if (template === undefined || Token.isUnresolved(template)) return;
  if ((template.split('$').length - 1) % 2 !== 0) throw new Error(`${what} ${JSON.stringify(template)} has an unmatched "$": LDAP attributes are written $attributeName$.`);
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

  constructor(scope: Construct, id: string, props: LdapImportProps) {
    super(scope, id);
    checkRange('syncTimeoutSeconds', props.syncTimeoutSeconds, 1, 86400);
    const names = duplicates(props.userImports.map((o) => o.name));
    if (names.length) throw new Error(`LdapImport: user import names must differ; ${names.join(', ')} is used more than once.`);
    props.userImports.forEach(checkImport);
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
