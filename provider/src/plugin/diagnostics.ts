/** Diagnostics: the engine's model to tfplugin6 messages, and errors to diagnostics. */
import type { AttributePathMessage, DiagnosticMessage } from './protocol-messages';
import type { AttributePath, Diagnostic } from './types';
import { formatAttributePath, ValueError, ValueMismatchError } from './value-error';

export function attributePathToProto(path: AttributePath): AttributePathMessage {
  return {
    steps: path.map((step) =>
      typeof step === 'string'
        ? { attribute_name: step }
        : typeof step === 'number'
          ? { element_key_int: step }
          : { element_key_string: step.key },
    ),
  };
}

export function diagnosticToProto(d: Diagnostic): DiagnosticMessage {
  const msg: DiagnosticMessage = { severity: d.severity === 'warning' ? 'WARNING' : 'ERROR', summary: d.summary };
  if (d.detail) msg.detail = d.detail;
  if (d.attribute && d.attribute.length > 0) msg.attribute = attributePathToProto(d.attribute);
  return msg;
}

export function diagnosticsToProto(ds: readonly Diagnostic[] | undefined): DiagnosticMessage[] {
  return (ds ?? []).map(diagnosticToProto);
}

export function hasErrors(ds: readonly Diagnostic[] | undefined): boolean {
  return (ds ?? []).some((d) => d.severity === 'error');
}

export interface ErrorContext {
  /** The RPC, e.g. "ApplyResourceChange". */
  rpc: string;
  typeName?: string;
  /** Include the stack trace (TF_LOG=trace). */
  withStack: boolean;
}

/**
 * A thrown error as one ERROR diagnostic: its message as the summary, where it happened as the
 * detail. Value errors (a value not matching the schema) keep their attribute path.
 */
export function errorToDiagnostic(err: unknown, ctx: ErrorContext): Diagnostic {
  const where = ctx.typeName ? `${ctx.rpc} for ${ctx.typeName}` : ctx.rpc;
  const error = err instanceof Error ? err : new Error(String(err));
  const stack = ctx.withStack && error.stack ? [error.stack] : [];
  if (error instanceof ValueMismatchError) {
    const { path, reason } = error.valueError;
    const at = path.length ? `At ${formatAttributePath(path)}: ${reason}.` : `${reason}.`;
    const d: Diagnostic = { severity: 'error', summary: error.summary, detail: [at, `This is a bug in the provider (${where}).`, ...stack].join('\n\n') };
    if (path.length) d.attribute = path;
    return d;
  }
  const [firstLine, ...rest] = error.message.split('\n');
  const detail = [...(rest.length ? [rest.join('\n').trim()] : []), `The provider failed while handling ${where}.`, ...stack].join('\n\n');
  const d: Diagnostic = { severity: 'error', summary: firstLine || error.name, detail };
  if (error instanceof ValueError && error.path.length) d.attribute = error.path;
  return d;
}
