/**
 * Progress output of the demo: numbered step lines with timings, indented detail lines, and
 * one clear failure message. Colours only on a terminal (and never with NO_COLOR set).
 */

export interface Output {
  write(text: string): unknown;
}

export class DemoError extends Error {
  /** What the user can do about it (printed after the message). */
  readonly hint?: string;
  /** Extra text worth showing (for example the tail of terraform's output). */
  readonly details?: string;

  constructor(message: string, options: { hint?: string; details?: string; cause?: unknown } = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'DemoError';
    this.hint = options.hint;
    this.details = options.details;
  }
}

export function seconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

export class Reporter {
  private readonly color: boolean;
  private readonly started = Date.now();
  private current: { n: number; title: string; started: number } | undefined;

  constructor(
    private readonly out: Output,
    private readonly total: number,
    options: { color?: boolean } = {},
  ) {
    this.color = options.color ?? false;
  }

  private paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  bold(text: string): string {
    return this.paint('1', text);
  }

  dim(text: string): string {
    return this.paint('2', text);
  }

  heading(text: string): void {
    this.out.write(`${this.bold(text)}\n\n`);
  }

  /** Starts step n: prints `[n/total] title ...`. */
  step(n: number, title: string): void {
    this.current = { n, title, started: Date.now() };
    this.out.write(`${this.bold(`[${n}/${this.total}]`)} ${title} ...\n`);
  }

  /** An indented detail line of the current step. */
  info(text = ''): void {
    for (const line of text.split('\n')) this.out.write(line ? `      ${line}\n` : '\n');
  }

  /** Terraform's own output, indented under a bar so it reads as quoted. */
  quote(line: string): void {
    this.out.write(`      ${this.dim('│')} ${line}\n`);
  }

  /** Ends the current step: `✓ title (1.2s)` plus an optional summary. */
  done(summary?: string): number {
    const step = this.current;
    if (!step) return 0;
    const ms = Date.now() - step.started;
    const tail = summary ? `: ${summary}` : '';
    this.out.write(`      ${this.paint('32', '✓')} done in ${seconds(ms)}${tail}\n\n`);
    this.current = undefined;
    return ms;
  }

  /** Reports a failure of the current step (or of the demo as a whole). */
  fail(err: unknown): void {
    const step = this.current;
    const where = step ? `step ${step.n} (${step.title}) failed after ${seconds(Date.now() - step.started)}` : 'the demo failed';
    const message = err instanceof Error ? err.message : String(err);
    this.out.write(`\n${this.paint('31', '✗')} ${this.bold(`Demo failed: ${where}.`)}\n  ${message.split('\n').join('\n  ')}\n`);
    if (err instanceof DemoError) {
      if (err.details) this.out.write(`\n${err.details.replace(/\s+$/, '').split('\n').map((l) => `  │ ${l}`).join('\n')}\n`);
      if (err.hint) this.out.write(`\n  ${err.hint.split('\n').join('\n  ')}\n`);
    } else if (err instanceof Error && err.stack) {
      this.out.write(`\n${this.dim(err.stack.split('\n').slice(1, 6).join('\n'))}\n`);
    }
    this.out.write('\n');
    this.current = undefined;
  }

  elapsed(): string {
    return seconds(Date.now() - this.started);
  }
}
