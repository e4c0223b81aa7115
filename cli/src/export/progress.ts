/**
 * Progress on stderr while the server is read: one line per resource type, and a running count
 * at most every few seconds while a large collection is read, so a big server never looks hung.
 */
export interface Progress {
  startType(typeName: string, index: number, total: number): void;
  /** More objects of the type were read. */
  tick(typeName: string, count: number): void;
  endType(typeName: string, exported: number, leftOut: number): void;
  note(line: string): void;
}

export const SILENT: Progress = { startType: () => undefined, tick: () => undefined, endType: () => undefined, note: () => undefined };

export class LineProgress implements Progress {
  private index = 0;
  private total = 0;
  private read = 0;
  private lastShown = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly intervalMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  startType(_typeName: string, index: number, total: number): void {
    this.index = index;
    this.total = total;
    this.read = 0;
    this.lastShown = this.now();
  }

  tick(typeName: string, count: number): void {
    this.read += count;
    if (this.now() - this.lastShown >= this.intervalMs) {
      this.lastShown = this.now();
      this.write(`  [${this.index}/${this.total}] ${typeName}: ${this.read} read so far...`);
    }
  }

  endType(typeName: string, exported: number, leftOut: number): void {
    const parts = [`${exported} found`];
    if (leftOut) parts.push(`${leftOut} left out`);
    this.write(`  [${this.index}/${this.total}] ${typeName}: ${parts.join(', ')}`);
  }

  note(line: string): void {
    this.write(line);
  }
}
