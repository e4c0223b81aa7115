/**
 * One user import of an LdapImport (Meeting Management "Import users"), with its automatic space
 * rules and the space templates its users may create spaces from. Automatic space rules apply
 * in order, first match wins: rule i's source takes the import's filter AND rule i's filter AND
 * NOT the earlier rules' filters, so every user lands in exactly one source and no import
 * overlaps itself.
 */
import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { LdapMapping } from '../generated/providers/cms/ldap-mapping';
import { LdapSource } from '../generated/providers/cms/ldap-source';
import { LdapUserCospaceTemplateSource } from '../generated/providers/cms/ldap-user-cospace-template-source';
import { UserProfile } from '../generated/providers/cms/user-profile';
import { andFilters, notFilter } from './ldap-filter';
import type { ILdapServer } from './ldap-server';
import type { IMeetingServer } from './meeting-server';
import { apiProvider } from './private/api-server';
import { duplicates, idFrom } from './private/util';
import type { ISpaceTemplate } from './space-template';

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

/** The API objects one user import became. */
export class UserImport extends Construct {
  /** LDAP sources, by rule name; the import's own (users in no rule) under its own name. */
  public readonly sources: ReadonlyMap<string, LdapSource>;
  public readonly mappings: readonly LdapMapping[];
  public readonly userProfile?: UserProfile;
  public readonly templateSources: readonly LdapUserCospaceTemplateSource[];

  constructor(scope: Construct, public readonly options: UserImportOptions, ldapServer: ILdapServer, apiServer: IMeetingServer | undefined) {
    super(scope, idFrom(options.name));
    checkUserImport(options);
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

function checkUserImport(o: UserImportOptions): void {
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

/**
 * LDAP attributes are written between dollars (`$cn$`), or with a sed-like rewrite of part of
 * the value (`$mail|'/@test/@xmpp/'$`, whose replacement may hold a `$`); no other `$` may stand.
 */
const PLACEHOLDER = /\$[A-Za-z0-9_.;-]+(?:\|'(?:[^'\\]|\\.)*')?\$/g;

function checkMapping(what: string, template: string | undefined): void {
  if (template === undefined || Token.isUnresolved(template)) return;
  if (template.replace(PLACEHOLDER, '').includes('$')) throw new Error(`${what} ${JSON.stringify(template)} has an unmatched "$": LDAP attributes are written $attributeName$.`);
}
