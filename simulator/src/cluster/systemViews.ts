/**
 * The node's read-only system views: `/system/status` (§2.28), `/system/database` (§2.29),
 * `/system/licensing` (§2.30), `/system/load` and `/system/alarms`.
 */
import { NodeView } from '../api/router';
import { XmlElement, textElement } from '../api/xml';
import { CLUSTER_LICENSE_EXPIRY_HORIZON_DAYS, DATABASE_XML_SHAPE } from '../unverified';
import { LicenseFeature, licenseExpiry, parseLicenseExpiry, SimNode } from './node';

export interface ClusterIdentity {
  clusterId: string;
  softwareVersion: string;
  /** Every node of the simulated cluster (for the cluster-wide licensing view). */
  nodes: readonly SimNode[];
}

export function renderNodeView(node: SimNode, identity: ClusterIdentity, view: NodeView, now = new Date()): XmlElement {
  switch (view) {
    case 'status':
      return statusElement(node, identity, now);
    case 'database':
      return databaseElement(node);
    case 'licensing':
      return licensingElement(node);
    case 'load':
      return { name: 'load', children: [textElement('mediaProcessingLoad', '0')] };
    case 'alarms':
      return { name: 'alarms', attributes: { total: '0' } };
    case 'clusterLicensing':
      return clusterLicensingElement(identity.nodes, now);
  }
}

function statusElement(node: SimNode, identity: ClusterIdentity, now: Date): XmlElement {
  const uptime = Math.max(0, Math.floor((now.getTime() - node.startedAt.getTime()) / 1000));
  return {
    name: 'status',
    children: [
      textElement('softwareVersion', identity.softwareVersion),
      textElement('uptimeSeconds', String(uptime)),
      textElement('hostId', node.hostId),
      textElement('clusterEnabled', node.uniqueName !== '' ? 'true' : 'false'),
      textElement('clusterId', identity.clusterId),
      // Deprecated in 3.0 and "currently always true" (the reference).
      textElement('activated', 'true'),
      textElement('cdrTime', now.toISOString().replace(/\.\d{3}Z$/, 'Z')),
      textElement('cdrCorrelatorIndex', '0'),
      textElement('callLegsActive', '0'),
      textElement('callLegsMaxActive', '0'),
      textElement('callLegsCompleted', '0'),
      textElement('audioBitRateOutgoing', '0'),
      textElement('audioBitRateIncoming', '0'),
      textElement('videoBitRateOutgoing', '0'),
      textElement('videoBitRateIncoming', '0'),
    ],
  };
}

function databaseElement(node: SimNode): XmlElement {
  const status = node.database.status();
  if (!status.clustered) return { name: 'database', attributes: { clustered: 'disabled' } };
  const nodes: XmlElement[] = status.nodes.map((m) => ({
    name: 'node',
    attributes: { hostname: m.address, up: String(m.up), syncBehind: String(m.syncBehind), master: String(m.role === 'primary') },
  }));
  const children: XmlElement[] = [];
  const attributes: Record<string, string> = {};
  const put = (name: string, value: string, as: 'element' | 'attribute') => {
    if (as === 'element') children.push(textElement(name, value));
    else attributes[name] = value;
  };
  put('totalNodes', String(status.nodes.length), DATABASE_XML_SHAPE.totalNodesAs);
  if (status.nodeInUse) put('nodeInUse', status.nodeInUse, DATABASE_XML_SHAPE.nodeInUseAs);
  if (status.error) put('error', status.error, DATABASE_XML_SHAPE.errorAs);
  return { name: 'database', attributes: { clustered: 'enabled' }, children: [{ name: 'cluster', attributes, children: [...children, ...nodes] }] };
}

function licensingElement(node: SimNode): XmlElement {
  return {
    name: 'licensing',
    children: [
      {
        name: 'features',
        children: node.licensing.map((f) => ({
          name: f.name,
          children: [
            textElement('status', f.status),
            ...(f.expiry ? [textElement('expiry', f.expiry)] : []),
            ...(f.limit !== undefined ? [textElement('limit', String(f.limit))] : []),
            ...(f.level ? [textElement('level', f.level)] : []),
          ],
        })),
      },
    ],
  };
}

const STATUS_RANK: Record<LicenseFeature['status'], number> = { activated: 3, grace: 2, expired: 1, noLicense: 0 };

/**
 * `/clusterLicensing` (§2.30): one status per feature across the cluster (the best any node
 * has), with an expiry never further ahead than the Smart Licensing horizon.
 */
function clusterLicensingElement(nodes: readonly SimNode[], now: Date): XmlElement {
  const best = new Map<string, LicenseFeature>();
  for (const node of nodes) {
    for (const f of node.licensing) {
      const seen = best.get(f.name);
      if (!seen || STATUS_RANK[f.status] > STATUS_RANK[seen.status]) best.set(f.name, f);
    }
  }
  const horizon = licenseExpiry(new Date(now.getTime() + CLUSTER_LICENSE_EXPIRY_HORIZON_DAYS * 24 * 3600 * 1000));
  const features: XmlElement[] = [...best.values()].map((f) => {
    const status = f.status === 'grace' ? 'activated' : f.status;
    const children = [textElement('status', status)];
    if (f.expiry && status === 'activated') children.push(textElement('expiry', earlierExpiry(f.expiry, horizon)));
    return { name: f.name, children };
  });
  return { name: 'clusterLicensing', children: [{ name: 'features', children: features }] };
}

function earlierExpiry(a: string, b: string): string {
  return parseLicenseExpiry(a) <= parseLicenseExpiry(b) ? a : b;
}
