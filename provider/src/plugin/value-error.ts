/** An error about one place inside a value, carrying the attribute path for the diagnostic. */
import type { AttributePath, PathStep } from './types';

export class ValueError extends Error {
  constructor(
    readonly path: AttributePath,
    readonly reason: string,
  ) {
    super(path.length ? `${formatAttributePath(path)}: ${reason}` : reason);
    this.name = 'ValueError';
  }
}

/** A whole value (state, config) failed to encode or decode; says which value, and where. */
export class ValueMismatchError extends Error {
  constructor(
    readonly summary: string,
    readonly valueError: ValueError,
  ) {
    super(`${summary}: ${valueError.message}`);
    this.name = 'ValueMismatchError';
  }
}

/** `.ports[0].labels["env"]`, the way Terraform prints paths. */
export function formatAttributePath(path: readonly PathStep[]): string {
  return path
    .map((s) => (typeof s === 'string' ? `.${s}` : typeof s === 'number' ? `[${s}]` : `[${JSON.stringify(s.key)}]`))
    .join('');
}
