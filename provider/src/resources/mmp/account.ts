/**
 * The mmpAccount lifecycle: an MMP user of one node (`user add <name> <role>`), its password
 * (asked by the MMP, given on the command's input, never on its command line) and its SSH public
 * keys (the `<name>.pub` file in the MMP root). Read asks `user list` and downloads the key file;
 * a new password version sets the password again (`passwd`); destroy deletes the user and its
 * keys, and refuses for the user the provider signs in to that node's MMP with.
 */
import type { MmpClient } from '../../cms/mmp/client';
import type { CtyObject, CtyValue } from '../../plugin/types';
import { isUnknown } from '../../plugin/types';
import type { Definition } from '../definition';
import type { ResourceOperations } from '../operations';
import { OperationError } from '../operations';
import type { SecretToSend } from '../secret-forms';

/** The MMP root file holding a user's SSH public keys, one per line (cms-api.md §3, best guess). */
const publicKeyFile = (user: string): string => `${user}.pub`;

function text(values: CtyObject, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new OperationError(`${name} must be known to manage an MMP account.`, name);
  return v;
}

function keyLines(content: string): string[] {
  return content
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function list(v: CtyValue | undefined): string[] | undefined {
  if (v === null || v === undefined || isUnknown(v) || !Array.isArray(v)) return undefined;
  return v.map(String);
}

export class MmpAccountOperations implements ResourceOperations {
  private readonly nodeAttribute: string;

  constructor(
    private readonly def: Definition,
    private readonly mmp: (node: string) => MmpClient,
  ) {
    this.nodeAttribute = def.mmp?.nodeAttribute ?? 'node';
  }

  private where(values: CtyObject): { node: string; name: string; client: MmpClient } {
    const node = text(values, this.nodeAttribute);
    return { node, name: text(values, 'name'), client: this.mmp(node) };
  }

  private password(secrets: readonly SecretToSend[]): string | undefined {
    const secret = secrets.find((s) => s.name === 'password');
    return typeof secret?.value === 'string' ? secret.value : undefined;
  }

  async read(state: CtyObject): Promise<CtyObject | null> {
    const { node, name, client } = this.where(state);
    const user = (await client.users()).find((u) => u.name === name);
    if (!user) return null;
    const keys = await client.files.download(publicKeyFile(name));
    return { ...state, id: `${node}/${name}`, [this.nodeAttribute]: node, name, role: user.role, authorized_keys: keys ? keyLines(keys.toString('utf8')) : null };
  }

  async create(planned: CtyObject, secrets: readonly SecretToSend[] = []): Promise<CtyObject> {
    const { node, name, client } = this.where(planned);
    const password = this.password(secrets);
    if (password === undefined || password === '') throw new OperationError(`${this.def.typeName} ${name} needs a password: set password_wo (with password_wo_version).`, 'password_wo');
    if ((await client.users()).some((u) => u.name === name)) {
      throw new OperationError(
        `Node ${node} already has an MMP user named ${name}. Import it (terraform import ${this.def.typeName}.<name> '${node}/${name}') to manage it, or choose another name.`,
        'name',
      );
    }
    await client.runChecked(`user add ${name} ${text(planned, 'role')}`, { input: [password, password] });
    await this.writeKeys(client, name, list(planned.authorized_keys));
    return this.readBack(planned);
  }

  async update(prior: CtyObject, planned: CtyObject, secrets: readonly SecretToSend[] = []): Promise<CtyObject> {
    const { name, client } = this.where(planned);
    const password = this.password(secrets);
    if (password !== undefined) {
      if (password === '') throw new OperationError(`An MMP account cannot have an empty password; give ${this.def.typeName} ${name} a new one.`, 'password_wo');
      await client.runChecked(`passwd ${name}`, { input: [password, password] });
    }
    if (JSON.stringify(list(prior.authorized_keys) ?? null) !== JSON.stringify(list(planned.authorized_keys) ?? null)) {
      await this.writeKeys(client, name, list(planned.authorized_keys));
    }
    return this.readBack(planned);
  }

  async delete(prior: CtyObject): Promise<void> {
    const { node, name, client } = this.where(prior);
    if (client.username === name) {
      throw new OperationError(
        `The provider signs in to the MMP of node ${node} as ${name}, so it does not delete that account: it would lock itself out. ` +
          `Sign the provider in as another admin (mmp_username, or the node's mmp_node username) first, or remove the resource from state (terraform state rm) to keep the account.`,
        'name',
        'Refusing to delete the MMP account the provider signs in with',
      );
    }
    if ((await client.users()).some((u) => u.name === name)) await client.runChecked(`user del ${name}`);
    await client.files.remove(publicKeyFile(name));
  }

  async importState(importId: string): Promise<CtyObject> {
    const slash = importId.indexOf('/');
    if (slash <= 0 || slash === importId.length - 1) throw new OperationError(`Import ${this.def.typeName} by <node>/<user name>, for example cms1/api; got ${JSON.stringify(importId)}.`);
    const node = importId.slice(0, slash);
    const state: CtyObject = Object.fromEntries(Object.keys(this.def.attributes).map((k) => [k, null]));
    this.mmp(node); // fails early, naming the configured nodes, if there is no such node
    return { ...state, id: importId, [this.nodeAttribute]: node, name: importId.slice(slash + 1) };
  }

  private async writeKeys(client: MmpClient, name: string, keys: string[] | undefined): Promise<void> {
    if (keys && keys.length > 0) await client.files.upload(publicKeyFile(name), `${keys.join('\n')}\n`);
    else await client.files.remove(publicKeyFile(name));
  }

  private async readBack(planned: CtyObject): Promise<CtyObject> {
    const state = await this.read(planned);
    if (!state) throw new OperationError(`The MMP user ${String(planned.name)} is not listed by \`user list\` after it was added.`);
    return state;
  }
}
