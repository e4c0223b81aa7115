/**
 * `user list` (cms-api.md §3.1). Adding users prompts for passwords, which automation cannot
 * answer over `exec`; the simulator's users come from its options (`SimNode.users`).
 */
import { MMP_TEXT } from '../../unverified';
import { MmpCommandFamily } from '../context';
import { MmpUsageError, reply } from '../reply';

export const userCommand: MmpCommandFamily = (args, ctx) => {
  if (args.length !== 1 || args[0] !== 'list') throw new MmpUsageError('user list');
  const [nameHeader, roleHeader] = MMP_TEXT.userListHeader;
  const width = Math.max(nameHeader.length, ...ctx.users.map((u) => u.name.length)) + 2;
  return reply(`${nameHeader.padEnd(width)}${roleHeader}`, ...ctx.users.map((u) => `${u.name.padEnd(width)}${u.role}`));
};
