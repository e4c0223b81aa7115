/** `passwd <name>`: a new password for an MMP user, asked twice (cms-api.md §3.1; form UNVERIFIED). */
import { MMP_USER_TEXT } from '../../unverified';
import { expectArgs } from '../args';
import { MmpCommandFamily } from '../context';
import { MmpFailure, silent } from '../reply';
import { askPassword } from './passwords';

export const passwdCommand: MmpCommandFamily = (args, ctx) => {
  expectArgs(args, 1, 'passwd <name>');
  const user = ctx.users.find((u) => u.name === args[0]);
  if (!user) throw new MmpFailure(MMP_USER_TEXT.missing(args[0]!));
  return askPassword(ctx, (password) => {
    user.password = password;
    ctx.changed();
    return silent();
  });
};
