/**
 * How rule findings reach the user: errors are returned from a `node.addValidation` check, so
 * `cdktf synth` fails and names the construct path; warnings go through `Annotations`, once each.
 */
import { AnnotationMetadataEntryType, Annotations } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { Finding } from '../rules';

/** The text of a finding as users see it. */
export function formatFinding(f: Finding): string {
  return `[${f.rule}] ${f.message}`;
}

function warnOnce(scope: IConstruct, message: string): void {
  // Validations can run more than once (Testing.synth, then app.synth); say each warning once.
  if (scope.node.metadata.some((m) => m.type === AnnotationMetadataEntryType.WARN && m.data === message)) return;
  Annotations.of(scope).addWarning(message);
}

/** Runs `check` when the app is validated (at synth): errors fail synth, warnings are annotated. */
export function addRuleCheck(scope: IConstruct, check: () => Finding[]): void {
  scope.node.addValidation({
    validate: () => {
      const findings = check();
      for (const f of findings) if (f.level === 'warning') warnOnce(scope, formatFinding(f));
      return findings.filter((f) => f.level === 'error').map(formatFinding);
    },
  });
}
