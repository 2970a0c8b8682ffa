import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Row } from '../scenarios/bench';

export type Machine = { cores: number; memoryGb: number; cpu: string; node: string; loadAverage: number[] };

export function machine(): Machine {
  let cores = cpus().length;
  try {
    cores = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || cores;
  } catch {
    // no nproc: os.cpus() it is
  }
  return {
    cores,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const cell = (v: number | null, digits = 0) =>
  v === null || Number.isNaN(v) ? '—' : v.toLocaleString('en', { maximumFractionDigits: digits });

/** The results as a Markdown table (also what the console shows). */
export function table(rows: Row[]): string {
  const lines = [
    '| scenario | throughput | p50 ms | p99 ms | errors | non-2xx | server RSS MB | CPU ms/req | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.scenario} | ${cell(r.throughput)} ${r.unit} | ${cell(r.p50, 1)} | ${cell(r.p99, 1)} | ${r.errors} | ${r.non2xx} | ${cell(r.rssMb)} | ${cell(r.cpuMs, 2)} | ${r.target} | ${r.met === null ? '—' : r.met ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}

/** A small JSON file per run: bench/results/<date>-<db>[-<scenario>][-quick].json. */
export function writeResults(dir: string, name: string, content: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(content, null, 1) + '\n');
  return file;
}
