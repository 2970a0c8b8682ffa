/** What the generator reports while it works; the CLI draws it, the test ignores it. */
export type ProgressSink = {
  phase(name: string, total: number): void;
  update(done: number, detail?: string): void;
  end(): void;
};

export const silentProgress: ProgressSink = { phase() {}, update() {}, end() {} };

const BAR_WIDTH = 28;

function clockTime(ms: number): string {
  const s = Math.round(ms / 1000);
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  return `${mm}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * One line per phase on stderr: redrawn in place (\r) on a terminal, at most ten times a
 * second; otherwise a plain line every 5 % so that logs stay short.
 */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const tty = stream.isTTY === true;
  const startedAt = performance.now();
  let name = '';
  let total = 1;
  let lastDraw = 0;
  let lastStep = -1;
  let open = false;

  const line = (done: number, detail?: string) => {
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(share * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const pct = `${Math.floor(share * 100)}`.padStart(3);
    return `${name.padEnd(10)} ${bar} ${pct}% ${detail ?? `${done.toLocaleString('en')}/${total.toLocaleString('en')}`} · ${clockTime(performance.now() - startedAt)}`;
  };

  return {
    phase(next, size) {
      if (open) this.end();
      name = next;
      total = Math.max(1, size);
      lastStep = -1;
      lastDraw = 0;
      open = true;
      this.update(0);
    },
    update(done, detail) {
      if (tty) {
        const at = performance.now();
        if (done < total && at - lastDraw < 100) return;
        lastDraw = at;
        const text = line(done, detail);
        const width = stream.columns ?? 120;
        stream.write(`\r${text.slice(0, width - 1).padEnd(Math.min(width - 1, text.length + 2))}`);
        return;
      }
      const step = Math.floor((Math.min(done, total) / total) * 20);
      if (step === lastStep) return;
      lastStep = step;
      stream.write(`${line(done, detail)}\n`);
    },
    end() {
      if (!open) return;
      open = false;
      if (tty) stream.write('\n');
    },
  };
}
