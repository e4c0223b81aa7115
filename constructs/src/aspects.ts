/**
 * Policies of one's own, as CDK Aspects: an Aspect visits every construct of the scope it is
 * added to when the app synthesizes, and can refuse (addError) or warn. This one is both a
 * policy the library offers and the worked example of docs/constructs.md.
 */
import { Annotations } from 'cdktf';
import type { IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { SpaceTemplate } from './space-template';

/** Options of {@link RequireRolePasscodes}. */
export interface RequireRolePasscodesOptions {
  /**
   * Shortest passcode every role must require.
   * @default 1 (any passcode)
   */
  readonly minimumLength?: number;
  /**
   * Report a warning instead of refusing.
   * @default false (refuse)
   */
  readonly warnOnly?: boolean;
}

/**
 * Requires every role of every SpaceTemplate to have a passcode (minPasscodeLength at least
 * minimumLength). `Aspects.of(stack).add(new RequireRolePasscodes())`.
 */
export class RequireRolePasscodes implements IAspect {
  private readonly minimumLength: number;
  private readonly warnOnly: boolean;

  constructor(options: RequireRolePasscodesOptions = {}) {
    this.minimumLength = options.minimumLength ?? 1;
    this.warnOnly = options.warnOnly ?? false;
  }

  public visit(node: IConstruct): void {
    if (!(node instanceof SpaceTemplate)) return;
    for (const role of node.roles) {
      const length = role.settings.minPasscodeLength ?? 0;
      if (length >= this.minimumLength) continue;
      const message = `[POLICY-ROLE-PASSCODE] role ${role.name} of space template ${node.name} must require a passcode of at least ${this.minimumLength} digits; it requires ${length}.`;
      if (this.warnOnly) Annotations.of(node).addWarning(message);
      else Annotations.of(node).addError(message);
    }
  }
}
