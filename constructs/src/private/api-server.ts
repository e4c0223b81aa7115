/**
 * Which provider a cluster-wide object (space templates, LDAP, TURN servers, groups, peer
 * entries...) is created through: the apiServer the construct was given, else the stack's
 * default cms provider, which must then exist.
 */
import type { IConstruct } from 'constructs';
import type { CmsProvider } from '../../generated/providers/cms/provider';
import type { IMeetingServer } from '../meeting-server';
import * as rules from '../rules';
import type { Finding } from '../rules';
import { hasDefaultProvider } from './util';

/** The provider to pass to L1 resources (undefined means Terraform's default `cms`). */
export function apiProvider(apiServer: IMeetingServer | undefined): CmsProvider | undefined {
  return apiServer?.provider;
}

/** The CMS-PROVIDER rule for a construct without apiServer. */
export function apiProviderFindings(scope: IConstruct, apiServer: IMeetingServer | undefined): Finding[] {
  return apiServer ? [] : rules.defaultProvider(hasDefaultProvider(scope));
}
