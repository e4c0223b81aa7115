/** The @cms-iac/cdktn build's one change to the L2 sources: the module name 'cdktf' reads 'cdktn'. */
import { toCdktn } from '../../../scripts/build-packages';

it('renames every cdktf module specifier and nothing else', () => {
  const source = [
    "import { TerraformStack, Token } from 'cdktf';",
    'import type { IAspect } from "cdktf";',
    "export { Annotations } from 'cdktf';",
    "const lazy = require('cdktf');",
    "const later = import('cdktf');",
    "import { Construct } from 'constructs';",
    "import { CallBridge } from '../generated/providers/cms/call-bridge';",
    '// fails `cdktf synth` with the construct path',
    "const name = 'cdktf';",
  ].join('\n');
  expect(toCdktn(source, 'x.ts').split('\n')).toEqual([
    "import { TerraformStack, Token } from 'cdktn';",
    'import type { IAspect } from "cdktn";',
    "export { Annotations } from 'cdktn';",
    "const lazy = require('cdktn');",
    "const later = import('cdktn');",
    "import { Construct } from 'constructs';",
    "import { CallBridge } from '../generated/providers/cms/call-bridge';",
    '// fails `cdktf synth` with the construct path',
    "const name = 'cdktf';",
  ]);
});

it('refuses a deep import, which has no cdktn counterpart', () => {
  expect(() => toCdktn("import { x } from 'cdktf/lib/tokens';", 'constructs/src/x.ts')).toThrow(
    "constructs/src/x.ts: import from 'cdktf/lib/tokens': the L2 sources may import only 'cdktf' itself",
  );
});
