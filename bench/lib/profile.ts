import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] };
type CpuProfile = {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
};

export type Frame = { frame: string; selfPct: number; totalPct: number };
export type ProfileSummary = {
  file: string;
  sampledMs: number;
  top: Frame[];
  byPackage: { name: string; selfPct: number }[];
};

/**
 * The main thread's profile among those `node --cpu-prof --cpu-prof-dir` wrote
 * (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread, the others
 * are loader or worker threads), the newest if there are several.
 */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((f) => /\.0\.\d+\.cpuprofile$/.test(f))
    .sort();
  return files.length ? join(dir, files.at(-1)!) : undefined;
}

/**
 * The top frames of a V8 CPU profile by self time, and self time per package (node_modules
 * package, our workspace folders, node internals, GC/idle), as shares of the sampled time.
 * Total time counts a frame once per sample even when it recurses.
 */
export function summariseProfile(
  file: string,
  root: string,
  { topN = 25, fromUs = -Infinity, toUs = Infinity }: { topN?: number; fromUs?: number; toUs?: number } = {},
): ProfileSummary {
  return summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, file, root, topN, fromUs, toUs);
}

/** One summary per window (monotonic µs, as `monotonicUs()` reads it) of the same profile. */
export function summariseWindows(
  file: string,
  root: string,
  windows: Record<string, [number, number]>,
  topN = 12,
): Record<string, ProfileSummary> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  return Object.fromEntries(
    Object.entries(windows).map(([name, [from, to]]) => [name, summarise(profile, file, root, topN, from, to)]),
  );
}

/** CLOCK_MONOTONIC in µs: the clock of V8's profile timestamps, the same in every process. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

function summarise(
  profile: CpuProfile,
  file: string,
  root: string,
  topN: number,
  fromUs: number,
  toUs: number,
): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let at = profile.startTime;
  samples.forEach((id, i) => {
    at += deltas[i] ?? 0;
    if (at < fromUs || at > toUs) return;
    self.set(id, (self.get(id) ?? 0) + Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0));
  });
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0) || 1;

  const label = (f: CallFrame) => {
    const where = f.url ? `${shortUrl(f.url, root)}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const key = label(node.callFrame);
    selfBy.set(key, (selfBy.get(key) ?? 0) + us);
    const pkg = packageOf(node.callFrame, root);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = label(byId.get(at)!.callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + us);
    }
  }
  const pct = (us: number) => Math.round((us / totalUs) * 1000) / 10;
  return {
    file,
    sampledMs: Math.round(totalUs / 1000),
    top: [...selfBy]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topN)
      .map(([frame, us]) => ({ frame, selfPct: pct(us), totalPct: pct(totalBy.get(frame) ?? us) })),
    byPackage: [...packages]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, us]) => ({ name, selfPct: pct(us) })),
  };
}

function shortUrl(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  return path.startsWith('/') ? relative(root, path) : path;
}

function packageOf(f: CallFrame, root: string): string {
  if (!f.url) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  const path = f.url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (path.startsWith('node:')) return 'node internals';
  const rel = relative(root, path);
  return rel
    .split('/')
    .slice(0, rel.startsWith('apps') || rel.startsWith('packages') ? 3 : 1)
    .join('/');
}
