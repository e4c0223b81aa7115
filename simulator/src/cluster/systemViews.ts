/**
 * The node's read-only system views: `/system/status` (§2.28), `/system/database` (§2.29),
 * `/system/licensing` (§2.30), `/system/load` and `/system/alarms`.
 */
import { NodeView } from '../api/router';
import { XmlElement, textElement } from '../api/xml';
import { DATABASE_XML_SHAPE } from '../unverified';
import { SimNode } from './node';

export interface ClusterIdentity {
  clusterId: string;
  softwareVersion: string;
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
