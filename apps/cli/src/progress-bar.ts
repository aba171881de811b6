/**
 * A tiny progress bar for the operator CLI: drawn on stderr when it is a terminal (redrawn in
 * place, at most every 100 ms), silent otherwise so logs and pipes stay clean.
 */
export class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly width = 30,
  ) {}

  get enabled(): boolean {
    return Boolean(this.out.isTTY);
  }

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < total && now - this.last < 100) return;
    this.last = now;
    this.out.write(`\r${renderBar(this.label, done, total, this.width)}`);
    this.drawn = true;
  }

  finish(): void {
    if (this.enabled && this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

/** `label [#########.........]  45% 450/1000` (pure, for tests). */
export function renderBar(label: string, done: number, total: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(ratio * width);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${done}/${total}`;
}
