/**
 * MMP users (cms-api.md §3.1): `user list`, `user info <name>`, `user add <name> <role>` (asks
 * for the password twice), `user del <name>`, `user rule` (password and login rules). Users are
 * the node's own and also sign in to the API, so a user added here can use it at once.
 */
import { MMP_USER_NAME, MMP_USER_ROLES, MMP_USER_RULE_DEFAULTS, MMP_USER_TEXT, MMP_TEXT, MMP_WORDS, mmpPublicKeyFile } from '../../unverified';
import { expectArgs } from '../args';
import { MmpCommandFamily, MmpContext } from '../context';
import { MmpFailure, MmpReply, MmpUsageError, reply, silent, statusLines } from '../reply';
import { userRule } from '../settings';
import { askPassword } from './passwords';

const SYNTAX = {
  add: `user add <name> (${MMP_USER_ROLES.join('|')})`,
  rule: `user rule [<${Object.keys(MMP_USER_RULE_DEFAULTS).join('|')}> <value>]`,
  any: 'user (list|info <name>|add <name> <role>|del <name>|rule ...)',
} as const;

function find(ctx: MmpContext, name: string) {
  const user = ctx.users.find((u) => u.name === name);
  if (!user) throw new MmpFailure(MMP_USER_TEXT.missing(name));
  return user;
}

function list(ctx: MmpContext): MmpReply {
  const [nameHeader, roleHeader] = MMP_TEXT.userListHeader;
  const width = Math.max(nameHeader.length, ...ctx.users.map((u) => u.name.length)) + 2;
  return reply(`${nameHeader.padEnd(width)}${roleHeader}`, ...ctx.users.map((u) => `${u.name.padEnd(width)}${u.role}`));
}

function info(ctx: MmpContext, name: string): MmpReply {
  const user = find(ctx, name);
  const keyFile = mmpPublicKeyFile(name);
  return reply(
    ...statusLines([
      ['Name', user.name],
      ['Role', user.role],
      ['Public key file', ctx.mmp.files.has(keyFile) ? keyFile : MMP_WORDS.none],
    ]),
  );
}

function add(ctx: MmpContext, name: string, role: string): MmpReply {
  if (!MMP_USER_NAME.test(name)) throw new MmpFailure(MMP_USER_TEXT.badName(name));
  if (!MMP_USER_ROLES.includes(role)) throw new MmpFailure(MMP_USER_TEXT.badRole(role));
  if (ctx.users.some((u) => u.name === name)) throw new MmpFailure(MMP_USER_TEXT.exists(name));
  return askPassword(ctx, (password) => {
    ctx.users.push({ name, role, password });
    ctx.changed();
    return silent();
  });
}

function del(ctx: MmpContext, name: string): MmpReply {
  const user = find(ctx, name);
  if (ctx.sessionUser === name) throw new MmpFailure(MMP_USER_TEXT.self);
  if (user.role === 'admin' && ctx.users.filter((u) => u.role === 'admin').length === 1) throw new MmpFailure(MMP_USER_TEXT.lastAdmin);
  ctx.users.splice(ctx.users.indexOf(user), 1);
  ctx.changed();
  return silent();
}

function rule(ctx: MmpContext, args: string[]): MmpReply {
  if (args.length === 0) {
    const settings = ctx.mmp.settings;
    return reply(...statusLines(Object.keys(MMP_USER_RULE_DEFAULTS).map((r) => [r, String(userRule(settings, r))])));
  }
  expectArgs(args, 2, SYNTAX.rule);
  const [name, text] = args as [string, string];
  if (!(name in MMP_USER_RULE_DEFAULTS)) throw new MmpFailure(MMP_USER_TEXT.badRule(name));
  const value = /^[0-9]{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= 3650)) throw new MmpFailure(MMP_USER_TEXT.badRuleValue(text));
  // A default is stored as no setting, so a node set back to its defaults equals a fresh one.
  ctx.mmp.update((s) => {
    delete s.userRules[name];
    if (value !== MMP_USER_RULE_DEFAULTS[name]) s.userRules[name] = value;
  });
  return silent();
}

export const userCommand: MmpCommandFamily = (args, ctx) => {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list':
      expectArgs(rest, 0, 'user list');
      return list(ctx);
    case 'info':
      expectArgs(rest, 1, 'user info <name>');
      return info(ctx, rest[0]!);
    case 'add':
      expectArgs(rest, 2, SYNTAX.add);
      return add(ctx, rest[0]!, rest[1]!);
    case 'del':
      expectArgs(rest, 1, 'user del <name>');
      return del(ctx, rest[0]!);
    case 'rule':
      return rule(ctx, rest);
    default:
      throw new MmpUsageError(SYNTAX.any);
  }
};
