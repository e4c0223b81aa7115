/** Asking for a new password twice and checking it against the node's password rules (§3.1). */
import { MMP_PASSWORD_PROMPTS, MMP_USER_TEXT } from '../../unverified';
import { MmpContext } from '../context';
import { MmpFailure, MmpReply } from '../reply';
import { userRule } from '../settings';

/** The counts of character classes the `password_*_count` rules ask for. */
const CLASSES: ReadonlyArray<[rule: string, pattern: RegExp]> = [
  ['password_lowercase_count', /[a-z]/g],
  ['password_uppercase_count', /[A-Z]/g],
  ['password_numeric_count', /[0-9]/g],
  ['password_symbolic_count', /[^A-Za-z0-9]/g],
];

function checkRules(ctx: MmpContext, password: string): void {
  const settings = ctx.mmp.settings;
  const length = userRule(settings, 'password_length');
  if (password.length < length) throw new MmpFailure(MMP_USER_TEXT.weak('password_length', length));
  for (const [rule, pattern] of CLASSES) {
    const wanted = userRule(settings, rule);
    if ((password.match(pattern) ?? []).length < wanted) throw new MmpFailure(MMP_USER_TEXT.weak(rule, wanted));
  }
}

/** Asks twice; `use` gets the password once both answers agree and it meets the rules. */
export function askPassword(ctx: MmpContext, use: (password: string) => MmpReply): MmpReply {
  return {
    lines: [],
    ask: {
      prompts: [...MMP_PASSWORD_PROMPTS],
      answer: ([first, second]) => {
        if (!first) throw new MmpFailure(MMP_USER_TEXT.noPassword);
        if (first !== second) throw new MmpFailure(MMP_USER_TEXT.mismatch);
        checkRules(ctx, first);
        return use(first);
      },
    },
  };
}
