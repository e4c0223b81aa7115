/**
 * Reads everything the provider manages from a Meeting Server: every resource type of the
 * catalogue, each the way its definition says (collections, child collections under their
 * parents, singletons, each node's own settings, MMP node settings, the database cluster).
 * Objects come back as the state Terraform will hold after importing them, computed with the
 * definitions' own mapping, so the configuration written from them plans no change.
 */
import type { CmsObject } from '../../../provider/src/cms/xml';
import type { CtyObject } from '../../../provider/src/plugin/types';
import type { Definition } from '../../../provider/src/resources/definition';
import { apiOf, xmlName } from '../../../provider/src/resources/definition';
import { secretForms } from '../../../provider/src/resources/secret-forms';
import { pathAttributes, singletonId } from '../../../provider/src/resources/locator';
import { stateFromObject } from '../../../provider/src/resources/mapping';
import { MmpAccountOperations } from '../../../provider/src/resources/mmp/account';
import { certificateFiles, NodeCertificateOperations } from '../../../provider/src/resources/mmp/certificate';
import { DatabaseClusterOperations } from '../../../provider/src/resources/mmp/database-cluster';
import { NodeSettingsOperations } from '../../../provider/src/resources/mmp/node-settings';
import type { Progress } from './progress';
import type { ExportNode, ReadOnlyApi, ServerReader } from './server';

/** One object the server holds, as Terraform will see it once imported. */
export interface FoundObject {
  def: Definition;
  /** The server's id (a GUID), or the fixed id of a singleton or node setting. */
  id: string;
  /** The id `import {}` takes. */
  importId: string;
  /** Parent ids of a child object, by attribute name. */
  parents: Record<string, string>;
  /** The node it belongs to (per-node settings), when known. */
  node?: string;
  /** Read through another node's own API than the one given with --url (a provider alias then). */
  viaNodeApi?: boolean;
  state: CtyObject;
  /** Secrets (by the definition's attribute name) the server showed a value for; the values are not kept. */
  heldSecrets: string[];
  /** What the server calls it, for messages (`Sales team`, `uri sales`). */
  label: string;
}

/** Something the server holds that the export leaves out, and why. */
export interface LeftOut {
  def: Definition;
  label: string;
  reason: string;
  /** An object the server holds (`object`), or a remark on the whole type (`type`: an action, defaults only). */
  what: 'object' | 'type';
}

export interface Inventory {
  objects: FoundObject[];
  leftOut: LeftOut[];
  /** Problems reading part of the server (a node that did not answer); the rest is exported. */
  warnings: string[];
  /** Labels of objects that are not exported but may be referred to (users, LDAP-made spaces), by id. */
  outsiders: Map<string, string>;
}

/** Values read from a list item or member, with the id as an attribute for labels. */
function labelOf(def: Definition, state: CtyObject, fallback: string): string {
  const key = def.naturalKey?.filter((k) => !def.attributes[k]?.parent && !def.attributes[k]?.references) ?? [];
  const named = typeof state.name === 'string' && state.name !== '' ? state.name : undefined;
  if (named) return named;
  const parts = key.map((k) => state[k]).filter((v) => v !== null && v !== undefined && v !== '');
  if (parts.length) return parts.map(String).join(' ');
  return fallback;
}

/** Secrets the server shows a value for (Terraform never reads them into state unless configured). */
function heldSecrets(def: Definition, obj: CmsObject): string[] {
  return secretForms(def).filter((f) => (obj.values[xmlName(f.attr)] ?? '') !== '').map((f) => f.name);
}

/** Reads member details a few at a time (the client itself keeps to its concurrency). */
async function details(api: ReadOnlyApi, path: string, items: CmsObject[]): Promise<CmsObject[]> {
  const out: CmsObject[] = [];
  const batch = 16;
  for (let i = 0; i < items.length; i += batch) {
    out.push(...(await Promise.all(items.slice(i, i + batch).map((item) => api.get(`${path}/${encodeURIComponent(String(item.id))}`)))));
  }
  return out;
}

async function listAll(api: ReadOnlyApi, path: string): Promise<CmsObject[]> {
  const items: CmsObject[] = [];
  for await (const item of api.list(path)) if (item.id) items.push(item);
  return items;
}

/** Types in reading order: a child type after the type its parent attribute refers to. */
export function readingOrder(defs: readonly Definition[]): Definition[] {
  const byName = new Map(defs.map((d) => [d.typeName, d]));
  const out: Definition[] = [];
  const visit = (d: Definition) => {
    if (out.includes(d)) return;
    if (d.api) {
      for (const p of pathAttributes(d)) {
        const target = d.attributes[p]?.references;
        const parent = target ? byName.get(target) : undefined;
        if (parent && parent !== d) visit(parent);
      }
    }
    out.push(d);
  };
  defs.forEach(visit);
  return out;
}

export class InventoryReader {
  private readonly inventory: Inventory = { objects: [], leftOut: [], warnings: [], outsiders: new Map() };

  constructor(
    private readonly server: ServerReader,
    private readonly progress: Progress,
  ) {}

  async read(defs: readonly Definition[]): Promise<Inventory> {
    const order = readingOrder(defs);
    for (const [i, def] of order.entries()) {
      this.progress.startType(def.typeName, i + 1, order.length);
      const before = this.inventory.objects.length;
      const leftBefore = this.inventory.leftOut.length;
      await this.readType(def);
      this.progress.endType(def.typeName, this.inventory.objects.length - before, this.inventory.leftOut.length - leftBefore);
    }
    return this.inventory;
  }

  private async readType(def: Definition): Promise<void> {
    if (def.kind === 'action') {
      this.leave(def, def.typeName, 'an action, not an object the server keeps: add it to the configuration yourself to run it from Terraform');
      return;
    }
    if (def.mmp?.lifecycle === 'nodeSettings') return this.readNodeSettings(def);
    if (def.mmp?.lifecycle === 'databaseCluster') return this.readDatabaseCluster(def);
    if (def.mmp?.lifecycle === 'mmpAccount') return this.readAccounts(def);
    if (def.mmp?.lifecycle === 'nodeCertificate') return this.readCertificates(def);
    if (def.kind === 'singleton') return def.scope === 'node' ? this.readNodeSingletons(def) : this.readSingleton(def, this.server.api, undefined);
    if (def.kind === 'collection' || def.kind === 'child') return this.readCollection(def);
  }

  private leave(def: Definition, label: string, reason: string, what: LeftOut['what'] = 'type'): void {
    this.inventory.leftOut.push({ def, label, reason, what });
  }

  private add(object: FoundObject): void {
    this.inventory.objects.push(object);
  }

  /** Parent ids of a child type: the objects of the type its parent attribute refers to, or the parent collection. */
  private async parentsOf(def: Definition): Promise<Array<{ attr: string; id: string }>> {
    const [attr] = pathAttributes(def);
    if (!attr) return [];
    const target = def.attributes[attr]?.references;
    if (target) {
      const ids = new Set<string>();
      for (const o of this.inventory.objects) if (o.def.typeName === target) ids.add(o.id);
      // Parents left out (made by LDAP sync) still hold children the provider may manage.
      for (const id of this.skippedIds.get(target) ?? []) ids.add(id);
      return [...ids].map((id) => ({ attr, id }));
    }
    // A parent outside the catalogue (users): list its collection, keeping a label for messages.
    const path = apiOf(def).path;
    const parentPath = path.slice(0, path.indexOf(`/{${attr}}`));
    const parents = await listAll(this.server.api, parentPath);
    for (const p of parents) this.inventory.outsiders.set(String(p.id), p.values.userJid || p.values.name || String(p.id));
    return parents.map((p) => ({ attr, id: String(p.id) }));
  }

  /** Ids of objects left out per type (LDAP-made spaces), whose children are still read. */
  private readonly skippedIds = new Map<string, string[]>();

  private async readCollection(def: Definition): Promise<void> {
    const api = this.server.api;
    const scopes = def.kind === 'child' ? await this.parentsOf(def) : [{ attr: '', id: '' }];
    for (const scope of scopes) {
      const path = scope.attr ? apiOf(def).path.replace(`{${scope.attr}}`, encodeURIComponent(scope.id)) : apiOf(def).path;
      const items = await listAll(api, path);
      if (items.length === 0) continue;
      const objects = await details(api, path, items);
      objects.forEach((obj, i) => {
        const id = String(items[i]!.id);
        const parents = scope.attr ? { [scope.attr]: scope.id } : {};
        const state = stateFromObject(def, obj, parents, id);
        const parentLabel = scope.attr ? (this.inventory.outsiders.get(scope.id) ?? this.inventory.objects.find((o) => o.id === scope.id)?.label) : undefined;
        const own = labelOf(def, state, '');
        const label = parentLabel ? (typeof state.name === 'string' && state.name !== '' ? `${parentLabel}: ${state.name}` : own ? `${parentLabel}: ${own}` : parentLabel) : own || id;
        if (def.flags?.skipAutoGenerated && obj.values.autoGenerated === 'true') {
          this.skippedIds.set(def.typeName, [...(this.skippedIds.get(def.typeName) ?? []), id]);
          this.inventory.outsiders.set(id, label);
          this.leave(def, label, 'made by LDAP sync (autoGenerated): it belongs to the sync, which creates, changes and removes it; manage the LDAP source and mapping instead', 'object');
          return;
        }
        this.add({ def, id, importId: scope.attr ? `${scope.id}/${id}` : id, parents, state, heldSecrets: heldSecrets(def, obj), label });
      });
      this.progress.tick(def.typeName, objects.length);
    }
  }

  /** A singleton is exported when it holds something; one that holds only defaults is left to the server. */
  private async readSingleton(def: Definition, api: ReadOnlyApi, node: ExportNode | undefined, viaNodeApi = false): Promise<void> {
    const id = singletonId(def);
    const obj = await api.get(apiOf(def).path);
    const state = stateFromObject(def, obj, {}, id);
    const where = node ? `node ${node.name}` : 'the server';
    const set = Object.entries(def.attributes).some(([name, a]) => a.mode !== 'computed' && state[name] !== null && state[name] !== undefined);
    if (!set) {
      this.leave(def, where, 'holds only the server\'s defaults');
      return;
    }
    this.add({ def, id, importId: id, parents: {}, ...(node ? { node: node.name } : {}), ...(viaNodeApi ? { viaNodeApi } : {}), state, heldSecrets: heldSecrets(def, obj), label: where });
  }

  /** Each node's own copy of a per-node singleton, read from that node's API. */
  private async readNodeSingletons(def: Definition): Promise<void> {
    const withUrl = this.server.nodes.filter((n) => n.url);
    const main = this.server.settings.url.replace(/\/+$/, '');
    const mainNode = withUrl.find((n) => n.url!.replace(/\/+$/, '') === main) ?? (this.server.nodes.length === 1 ? this.server.nodes[0] : undefined);
    await this.readSingleton(def, this.server.api, mainNode);
    for (const node of withUrl) {
      if (node === mainNode) continue;
      try {
        await this.readSingleton(def, this.server.apiAt(node.url!), node, true);
      } catch (err) {
        this.inventory.warnings.push(`${def.typeName} of node ${node.name} (${node.url}) could not be read: ${(err as Error).message}`);
      }
    }
    if (withUrl.length === 0 && this.server.nodes.length > 1) {
      this.inventory.warnings.push(`${def.typeName} is kept by each node: only the node at --url was read. Give each node's API address as url in --mmp-node to export the others.`);
    }
  }

  /** Nodes to read over the MMP; none (and a note) when no node was given. */
  private mmpNodes(def: Definition): readonly ExportNode[] {
    if (this.server.nodes.length === 0) this.leave(def, 'every node', 'kept on each node\'s MMP: give the nodes with --mmp-node to export them');
    return this.server.nodes;
  }

  /** Null attributes, with the node (and name) an MMP-kept object is found by. */
  private blank(def: Definition, values: CtyObject): CtyObject {
    const state: CtyObject = Object.fromEntries(Object.keys(def.attributes).map((k) => [k, null]));
    return { ...state, ...values };
  }

  private async readNodeSettings(def: Definition): Promise<void> {
    const ops = new NodeSettingsOperations(def, (name) => this.server.mmp(name));
    const nodeAttribute = def.mmp?.nodeAttribute ?? 'node';
    for (const node of this.mmpNodes(def)) {
      try {
        const state = await ops.read({ id: node.name, [nodeAttribute]: node.name });
        if (!state) continue;
        const set = Object.entries(def.attributes).some(([name, a]) => a.mmp && state[name] !== null && state[name] !== undefined && !(Array.isArray(state[name]) && (state[name] as unknown[]).length === 0));
        if (!set) this.leave(def, `node ${node.name}`, 'the node shows none of these settings');
        else this.add({ def, id: node.name, importId: node.name, parents: {}, node: node.name, state, heldSecrets: [], label: `node ${node.name}` });
      } catch (err) {
        this.inventory.warnings.push(`${def.typeName} of node ${node.name} could not be read over the MMP: ${(err as Error).message}`);
      }
    }
  }

  /** Each node's MMP users (`user list`); their passwords are never shown. */
  private async readAccounts(def: Definition): Promise<void> {
    const ops = new MmpAccountOperations(def, (name) => this.server.mmp(name));
    const nodeAttribute = def.mmp?.nodeAttribute ?? 'node';
    for (const node of this.mmpNodes(def)) {
      try {
        for (const user of await this.server.mmp(node.name).users()) {
          const state = await ops.read(this.blank(def, { [nodeAttribute]: node.name, name: user.name }));
          if (state) this.add({ def, id: `${node.name}/${user.name}`, importId: `${node.name}/${user.name}`, parents: {}, node: node.name, state, heldSecrets: [], label: `${node.name}: ${user.name}` });
        }
      } catch (err) {
        this.inventory.warnings.push(`${def.typeName} of node ${node.name} could not be read over the MMP: ${(err as Error).message}`);
      }
    }
  }

  /**
   * Each node's certificates: a `<name>.crt` in the MMP root, with or without its `<name>.key`.
   * How a key came there (uploaded, or made on the node) cannot be read back, so a certificate is
   * written as its certificate (what the node holds, which plans no change); a key without a
   * certificate (a signing request waiting) is left out.
   */
  private async readCertificates(def: Definition): Promise<void> {
    const ops = new NodeCertificateOperations(def, (name) => this.server.mmp(name));
    const nodeAttribute = def.mmp?.nodeAttribute ?? 'node';
    for (const node of this.mmpNodes(def)) {
      try {
        const files = new Set(await this.server.mmp(node.name).files.list());
        const stems = [...files].filter((f) => /\.(crt|key)$/.test(f)).map((f) => f.replace(/\.(crt|key)$/, ''));
        for (const name of [...new Set(stems)].sort()) {
          const own = certificateFiles(name);
          // A bundle belongs to its certificate: `cms-bundle.crt` is part of `cms`.
          if (name.endsWith('-bundle') && (files.has(`${name.slice(0, -'-bundle'.length)}.crt`) || files.has(`${name.slice(0, -'-bundle'.length)}.key`))) continue;
          if (!files.has(own.certificate)) {
            this.leave(def, `${node.name}: ${name}`, 'a key without a certificate (a signing request waiting for its certificate): declare it with common_name once it is signed', 'object');
            continue;
          }
          // Read as a certificate alone; the read downloads what the node holds.
          const state = await ops.read(this.blank(def, { [nodeAttribute]: node.name, name, certificate_pem: '' }));
          if (state) this.add({ def, id: `${node.name}/${name}`, importId: `${node.name}/${name}`, parents: {}, node: node.name, state, heldSecrets: [], label: `${node.name}: ${name}` });
        }
      } catch (err) {
        this.inventory.warnings.push(`${def.typeName} of node ${node.name} could not be read over the MMP: ${(err as Error).message}`);
      }
    }
  }

  /** The nodes in a database cluster form one object; it is read as its import would read it. */
  private async readDatabaseCluster(def: Definition): Promise<void> {
    if (this.server.nodes.length === 0) {
      this.leave(def, 'the database', 'database clustering is set on the nodes\' MMP: give the nodes with --mmp-node to export it');
      return;
    }
    const clustered: string[] = [];
    for (const node of this.server.nodes) {
      try {
        const status = await this.server.mmp(node.name).databaseClusterStatus();
        if (status.status === 'enabled') clustered.push(node.name);
      } catch (err) {
        this.inventory.warnings.push(`database cluster status of node ${node.name} could not be read over the MMP: ${(err as Error).message}`);
      }
    }
    if (clustered.length === 0) {
      this.leave(def, 'the database', 'the nodes are not in a database cluster');
      return;
    }
    const ops = new DatabaseClusterOperations(def, (name) => this.server.mmp(name), this.server.engineApi());
    const importId = clustered.join(',');
    try {
      const state = await ops.importState(importId);
      this.add({ def, id: String(state.id), importId, parents: {}, state, heldSecrets: [], label: `database cluster of ${clustered.join(', ')}` });
    } catch (err) {
      this.leave(def, `database cluster of ${clustered.join(', ')}`, (err as Error).message, 'object');
    }
  }
}
