/**
 * An LDAP server users are imported from (`cms_ldap_server`): Active Directory, OpenLDAP or
 * Oracle Internet Directory (LDAP v3), over LDAPS by default.
 */
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import { DataCmsObject } from '../generated/providers/cms/data-cms-object';
import { LdapServer as LdapServerResource } from '../generated/providers/cms/ldap-server';
import type { IMeetingServer } from './meeting-server';
import { apiProvider, apiProviderFindings } from './private/api-server';
import { addRuleCheck } from './private/findings';
import { checkPort } from './private/util';
import * as rules from './rules';
import type { Secret } from './secret';
import { setWriteOnlySecret } from './private/write-only';
import { LdapServerKind } from './types';

/** An LDAP server, owned by the app or looked up. */
export interface ILdapServer extends IConstruct {
  /** Id (GUID) of the `cms_ldap_server`. */
  readonly ldapServerId: string;
  /** The directory product, when known. */
  readonly kind?: LdapServerKind;
}

/** Options for {@link LdapServer.fromName}. */
export interface LdapServerLookupOptions {
  /**
   * Node whose API is asked.
   * @default the stack's default cms provider
   */
  readonly apiServer?: IMeetingServer;
  /**
   * The directory product, for the rules that depend on it.
   * @default unknown
   */
  readonly kind?: LdapServerKind;
}

export interface LdapServerProps {
  /** Name of the LDAP server (unique: the provider finds it by name). */
  readonly name: string;
  /** Host name or IP address. */
  readonly address: string;
  /**
   * Use LDAPS (TLS), as recommended. Certificate verification is an MMP setting.
   * @default true
   */
  readonly secure?: boolean;
  /**
   * TCP port.
   * @default 636 with secure, else 389
   */
  readonly port?: number;
  /**
   * Bind user (DN or user principal name).
   * @default anonymous bind
   */
  readonly bindDn?: string;
  /**
   * Bind password, sent write-only (kept out of plan and state); raise its version to send a new one.
   * @default none (a password set on the server is left as it is)
   */
  readonly bindPassword?: Secret;
  /**
   * The directory product.
   * @default unknown: no product-specific defaults or checks
   */
  readonly kind?: LdapServerKind;
  /**
   * Use paged results. Oracle Internet Directory does not support them.
   * @default off for Oracle Internet Directory, else the server's (on)
   */
  readonly usePagedResults?: boolean;
  /**
   * Node whose API creates the LDAP server.
   * @default the stack's default cms provider
   */
  readonly apiServer?: IMeetingServer;
}

export class LdapServer extends Construct implements ILdapServer {
  /** An LDAP server the app does not own, by its id. */
  public static fromLdapServerId(scope: Construct, id: string, ldapServerId: string, kind?: LdapServerKind): ILdapServer {
    class Imported extends Construct implements ILdapServer {
      public readonly ldapServerId = ldapServerId;
      public readonly kind = kind;
    }
    return new Imported(scope, id);
  }

  /** An LDAP server the app does not own (made by hand or by Meeting Management), found by name when Terraform plans. */
  public static fromName(scope: Construct, id: string, name: string, options: LdapServerLookupOptions = {}): ILdapServer {
    class Imported extends Construct implements ILdapServer {
      public readonly ldapServerId: string;
      public readonly kind = options.kind;
      constructor() {
        super(scope, id);
        this.ldapServerId = new DataCmsObject(this, 'Lookup', { type: 'cms_ldap_server', key: { name }, provider: apiProvider(options.apiServer) }).id;
      }
    }
    return new Imported();
  }

  public readonly ldapServerId: string;
  public readonly kind?: LdapServerKind;
  /** The `cms_ldap_server` resource. */
  public readonly resource: LdapServerResource;
  /** The settings that change what a sync reads (no secrets), for LdapImport's sync triggers. */
  public readonly syncRelevantSettings: { readonly [key: string]: string | number | boolean | undefined };

  constructor(scope: Construct, id: string, props: LdapServerProps) {
    super(scope, id);
    const secure = props.secure ?? true;
    const port = props.port ?? (secure ? 636 : 389);
    checkPort('port', port);
    const paged = props.usePagedResults ?? (props.kind === LdapServerKind.ORACLE_INTERNET_DIRECTORY ? false : undefined);
    this.kind = props.kind;
    this.resource = new LdapServerResource(this, 'Resource', {
      name: props.name,
      address: props.address,
      portNumber: port,
      secure,
      username: props.bindDn,
      usePagedResults: paged,
      provider: apiProvider(props.apiServer),
    });
    if (props.bindPassword) setWriteOnlySecret(this.resource, 'password', props.bindPassword);
    this.ldapServerId = this.resource.id;
    this.syncRelevantSettings = { name: props.name, address: props.address, port, secure, bindDn: props.bindDn, usePagedResults: paged };
    addRuleCheck(this, () => [...rules.ldapPagedResults(props.kind, paged), ...apiProviderFindings(this, props.apiServer)]);
  }
}
