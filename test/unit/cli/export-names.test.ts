import * as fs from 'node:fs';
import * as path from 'node:path';
import { bindingOf, propertyName } from '../../../cli/src/export/cdktf/bindings';
import { APP_DEPENDENCIES } from '../../../cli/src/export/cdktf/app';
import { tsString, tsValue, code } from '../../../cli/src/export/cdktf/typescript';
import { blockBody, hclString, Heredoc } from '../../../cli/src/export/hcl';
import { identifier, NameRegistry } from '../../../cli/src/export/names';
import { RESOURCE_DEFINITIONS } from '../../../provider/src/resources/catalog.generated';

const ROOT = path.resolve(__dirname, '../../..');

describe('Terraform names from what objects call themselves', () => {
  it('are lower-case identifiers starting with a letter, whatever the text', () => {
    expect(identifier('Team meeting: Host', 'x')).toBe('team_meeting_host');
    expect(identifier('Réunion équipe', 'x')).toBe('reunion_equipe');
    expect(identifier('10.1.0.10', 'turn_server')).toBe('turn_server_10_1_0_10');
    expect(identifier('*', 'forwarding_dial_plan_rule')).toBe('any');
    expect(identifier('***', 'x')).toBe('any');
    expect(identifier('!!!', 'tenant_group')).toBe('tenant_group');
    expect(identifier('a'.repeat(80), 'x')).toHaveLength(48);
    expect(identifier('Very long name with words that go on and on and on past the limit', 'x')).not.toMatch(/_$/);
  });

  it('are unique: later holders of a name get _2, _3', () => {
    const names = new NameRegistry();
    expect(['guest', 'guest', 'guest_2', 'guest'].map((n) => names.claim(n))).toEqual(['guest', 'guest_2', 'guest_2_2', 'guest_3']);
  });
});

describe('HCL text', () => {
  it('escapes quotes, backslashes, control characters and template sequences', () => {
    expect(hclString('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
    expect(hclString('line\nnext\ttab')).toBe('"line\\nnext\\ttab"');
    expect(hclString('${var.x} and %{if}')).toBe('"$${var.x} and %%{if}"');
    expect(hclString("$cn$'s space")).toBe('"$cn$\'s space"');
  });

  it('aligns the = of one-line attributes as terraform fmt does; a map breaks the run', () => {
    expect(blockBody([['name', '"a"'], ['priority', '1'], ['nodes', { cms1: '10.0.0.1', 'node-2x': '10.0.0.2', 'a b': 'x' }], ['primary', '"cms1"']], '  ')).toEqual([
      '  name     = "a"',
      '  priority = 1',
      '  nodes = {',
      '    cms1    = "10.0.0.1"',
      '    node-2x = "10.0.0.2"',
      '    "a b"   = "x"',
      '  }',
      '  primary = "cms1"',
    ]);
  });
});

describe('heredocs', () => {
  it('write a certificate over several lines, aligned with its neighbours as terraform fmt does', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(Heredoc.fits(pem)).toBe(true);
    expect(blockBody([['node', '"cms1"'], ['certificate_pem', new Heredoc(pem)], ['z', '1']], '  ')).toEqual([
      '  node            = "cms1"',
      '  certificate_pem = <<-EOT',
      '    -----BEGIN CERTIFICATE-----',
      '    MIIB',
      '    -----END CERTIFICATE-----',
      '  EOT',
      '  z               = 1',
    ]);
  });

  it('only where they give back the exact text', () => {
    expect(['no newline', 'no final newline\nx', 'template ${x}\n', ' indented\n', 'EOT\n', 'a\r\nb\n', 'a\n\nb\n'].map((t) => Heredoc.fits(t))).toEqual([false, false, false, false, false, false, false]);
  });
});

describe('TypeScript text', () => {
  it('writes strings single-quoted and objects over several lines', () => {
    expect(tsString("$cn$'s space\n")).toBe("'$cn$\\'s space\\n'");
    expect(tsValue({ name: 'x', roles: [{ name: 'Host', activator: true }], ref: code('a.id'), skipped: undefined, list: ['a', 'b'] })).toBe(
      "{\n  name: 'x',\n  roles: [\n    {\n      name: 'Host',\n      activator: true,\n    },\n  ],\n  ref: a.id,\n  list: ['a', 'b'],\n}",
    );
  });
});

describe('the exported CDKTF app uses the generated L1 bindings as they are', () => {
  it('every resource type has its namespace and class, and every attribute its property', () => {
    const problems: string[] = [];
    for (const def of RESOURCE_DEFINITIONS) {
      const { namespace, className } = bindingOf(def.typeName);
      const dir = path.join(ROOT, 'constructs/generated/providers/cms', def.typeName.replace(/^cms_/, '').replace(/_/g, '-'));
      const index = fs.readFileSync(path.join(ROOT, 'constructs/generated/providers/cms/index.ts'), 'utf8');
      if (!index.includes(`export * as ${namespace} from`)) problems.push(`${def.typeName}: no namespace ${namespace}`);
      const source = fs.readFileSync(path.join(dir, 'index.ts'), 'utf8');
      if (!source.includes(`export class ${className} extends cdktf.TerraformResource`)) problems.push(`${def.typeName}: no class ${className}`);
      const start = source.indexOf(`export interface ${className}Config`);
      const config = source.slice(start, source.indexOf('\n}\n', start));
      for (const [name, attr] of Object.entries(def.attributes)) {
        if (attr.mode === 'computed') continue;
        // The generator notes the Terraform name in each property's doc comment, then the property.
        const m = new RegExp(`#${name} [^\\n]*\\n\\s*\\*/\\n\\s*readonly (\\w+)\\??:`).exec(config);
        if (!m) problems.push(`${def.typeName}.${name}: not in ${className}Config`);
        else if (m[1] !== propertyName(name)) problems.push(`${def.typeName}.${name}: binding says ${m[1]}, export writes ${propertyName(name)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("the app's package.json asks for the cdktf and constructs versions this project uses", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(APP_DEPENDENCIES).toEqual({ cdktf: pkg.dependencies.cdktf, constructs: pkg.dependencies.constructs, 'cdktf-cli': pkg.devDependencies['cdktf-cli'] });
  });
});
