/**
 * Every schema shape the codec supports, through the real terraform binary: nested attributes
 * and nested blocks in each nesting mode, dynamic, write-only, big numbers and fractions. The
 * resource just echoes its configuration into state; an empty plan after apply proves that
 * every value survived decode → engine → encode exactly, and the stored-state JSON (read back
 * through UpgradeResourceState) too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { serveInProcess, type InProcessProvider } from '../../provider/src/plugin/inprocess';
import { objectFromStoredState } from '../../provider/src/plugin/json-value';
import { UNKNOWN } from '../../provider/src/plugin/types';
import type { CtyObject, ProviderHandlers, Schema } from '../../provider/src/plugin/types';
import { PROVIDER_BLOCK, resource, TerraformWorkspace, tempRoot, terraformEnv } from './terraform';

const shapes: Schema = {
  version: 0,
  block: {
    attributes: [
      { name: 'id', type: 'string', computed: true },
      { name: 'num', type: 'number', optional: true },
      { name: 'frac', type: 'number', optional: true },
      { name: 'any', type: 'dynamic', optional: true },
      { name: 'password', type: 'string', optional: true, writeOnly: true },
      { name: 'strings', type: ['set', 'string'], optional: true },
      { name: 'obj', type: ['object', { a: 'string', b: ['list', 'number'] }], optional: true },
      { name: 'n_single', optional: true, nestedType: { nesting: 'single', attributes: [{ name: 'x', type: 'string', optional: true }] } },
      { name: 'n_list', optional: true, nestedType: { nesting: 'list', attributes: [{ name: 'x', type: 'number', optional: true }] } },
      { name: 'n_set', optional: true, nestedType: { nesting: 'set', attributes: [{ name: 'x', type: 'bool', optional: true }] } },
      { name: 'n_map', optional: true, nestedType: { nesting: 'map', attributes: [{ name: 'x', type: 'string', optional: true }] } },
    ],
    blockTypes: [
      { typeName: 'b_single', nesting: 'single', block: { attributes: [{ name: 'v', type: 'string', optional: true }] } },
      { typeName: 'b_group', nesting: 'group', block: { attributes: [{ name: 'v', type: 'string', optional: true }] } },
      { typeName: 'b_list', nesting: 'list', maxItems: 3, block: { attributes: [{ name: 'v', type: 'number', optional: true }] } },
      { typeName: 'b_set', nesting: 'set', block: { attributes: [{ name: 'v', type: 'string', optional: true }] } },
      { typeName: 'b_map', nesting: 'map', block: { attributes: [{ name: 'v', type: 'string', optional: true }] } },
    ],
  },
};

const store = new Map<string, CtyObject>();
const echo: ProviderHandlers = {
  getProviderSchema: () => ({ provider: { version: 0, block: { attributes: [] } }, resourceSchemas: { cms_shapes: shapes }, dataSourceSchemas: {} }),
  validateProviderConfig: async () => [],
  configureProvider: async () => [],
  validateResourceConfig: async () => [],
  validateDataResourceConfig: async () => [],
  // Stored state comes back as JSON (dynamic as {"value","type"}, sets as arrays, big numbers).
  upgradeResourceState: async (req) => ({ state: objectFromStoredState(req.rawState, shapes.block) }),
  readResource: async (req) => ({ newState: store.get(String(req.currentState.id)) ?? null }),
  planResourceChange: async (req) =>
    req.proposedNewState ? { plannedState: { ...req.proposedNewState, id: req.priorState?.id ?? UNKNOWN } } : { plannedState: null },
  applyResourceChange: async (req) => {
    if (!req.plannedState) return { newState: null };
    const state = { ...req.plannedState, id: typeof req.plannedState.id === 'string' ? req.plannedState.id : 'shape-1' };
    store.set(state.id, state);
    return { newState: state }; // password is nulled by the plugin layer
  },
  importResourceState: async () => ({ imported: [] }),
  readDataSource: async () => ({ state: null }),
  stopProvider: async () => undefined,
};

let root: string;
let server: InProcessProvider;
let ws: TerraformWorkspace;

beforeAll(async () => {
  root = tempRoot('cms-shapes-');
  server = await serveInProcess(echo);
  const cliConfig = path.join(root, 'empty.tfrc');
  fs.writeFileSync(cliConfig, '');
  ws = new TerraformWorkspace(terraformEnv({ TF_REATTACH_PROVIDERS: server.reattachConfig, TF_CLI_CONFIG_FILE: cliConfig }), root);
  ws.write(
    'main.tf',
    `${PROVIDER_BLOCK}
resource "cms_shapes" "s" {
  num      = 18446744073709551617
  frac     = 0.1
  any      = { list = [1, "two"], flag = true }
  password = "never stored"
  strings  = ["b", "a"]
  obj      = { a = "x", b = [1.5, 2] }
  n_single = { x = "one" }
  n_list   = [{ x = 1 }, { x = 2 }]
  n_set    = [{ x = true }]
  n_map    = { k = { x = "v" } }
  b_single {
    v = "s"
  }
  b_list {
    v = 1
  }
  b_list {
    v = 9007199254740993
  }
  b_set {
    v = "a"
  }
  b_map "label" {
    v = "m"
  }
}
`,
  );
  await ws.expect(0, 'init', '-input=false');
}, 30_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

it('is a valid schema for Terraform', async () => {
  const res = await ws.expect(0, 'providers', 'schema', '-json');
  const schema = JSON.parse(res.stdout) as { provider_schemas: Record<string, { resource_schemas: Record<string, { block: { attributes: Record<string, unknown> } }> }> };
  const attrs = schema.provider_schemas['registry.terraform.io/cms-iac/cms'].resource_schemas.cms_shapes.block.attributes;
  expect(attrs.password).toMatchObject({ write_only: true });
  expect(attrs.n_map).toMatchObject({ nested_type: { nesting_mode: 'map' } });
  await ws.expect(0, 'validate');
});

it('round-trips every shape: apply, then an empty plan', async () => {
  await ws.expect(0, 'apply', '-auto-approve', '-input=false');
  const values = resource(await ws.showJson(), 'cms_shapes.s')?.values;
  expect(values).toMatchObject({
    id: 'shape-1',
    num: 18446744073709551617n,
    frac: 0.1,
    any: { list: [1, 'two'], flag: true },
    password: null,
    obj: { a: 'x', b: [1.5, 2] },
    n_single: { x: 'one' },
    n_list: [{ x: 1 }, { x: 2 }],
    n_set: [{ x: true }],
    n_map: { k: { x: 'v' } },
    b_single: { v: 's' },
    b_group: { v: null },
    b_list: [{ v: 1 }, { v: 9007199254740993n }],
    b_set: [{ v: 'a' }],
    b_map: { label: { v: 'm' } },
  });
  expect(values?.strings).toEqual(expect.arrayContaining(['a', 'b']));
  await ws.expect(0, 'plan', '-refresh=false', '-detailed-exitcode', '-input=false');
  await ws.expect(0, 'plan', '-detailed-exitcode', '-input=false');
}, 30_000);
