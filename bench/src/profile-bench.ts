import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad, type LoadJob } from './load-client';
import { startServerProcess, type StartOptions } from './server-process';

/** One line of a profile: where a share of the server's busy time went. */
export interface ProfileShare {
  readonly where: string;
  /** Share of the busy (non-idle) samples in the load window. */
  readonly share: number;
  /** That share of the profile's busy time, over the requests answered in the window: µs per request. */
  readonly usPerRequest: number;
}

interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** The package (or phonekit bundle) a frame's file belongs to; undefined for node's own code and native frames. */
function ownerOf(url: string): string | undefined {
  if (url === '' || url.startsWith('node:')) return undefined;
  const packages = url.split('node_modules/');
  if (packages.length > 1) {
    const rest = packages[packages.length - 1] ?? '';
    const parts = rest.split('/');
    return rest.startsWith('@') ? `${parts[0] ?? ''}/${parts[1] ?? ''}` : parts[0];
  }
  if (url.includes('/packages/core/')) return '@phonekit/core';
  if (url.includes('/packages/express/')) return '@phonekit/express';
  if (url.includes('/apps/server/')) return 'apps/server';
  if (url.includes('/bench/')) return 'the baseline app';
  return 'other code';
}

/**
 * Attributes each busy sample of the last `windowSeconds` (before the last
 * `tailSeconds`, the shutdown) to the nearest frame on its stack that is not
 * node's own: node's HTTP, sockets, streams and crypto count towards the
 * package that called them (the socket write towards Express's res.send,
 * the RSA verify towards @phonekit/core). Samples with no such frame are
 * garbage collection, V8 itself, or node's own event loop work.
 */
export function attribute(profile: CpuProfile, windowSeconds: number, tailSeconds: number): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const owners = new Map<number, string>();
  const ownerOfNode = (id: number): string => {
    const known = owners.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const name = node?.callFrame.functionName ?? '';
    let owner = node === undefined ? 'node' : ownerOf(node.callFrame.url);
    if (owner === undefined) {
      const up = parent.get(id);
      if (up !== undefined && byId.get(up)?.callFrame.functionName !== '(root)') owner = ownerOfNode(up);
      else owner = name === '(garbage collector)' ? 'garbage collection' : name === '(program)' ? 'V8 (program)' : "node's event loop, HTTP parser and sockets";
    }
    owners.set(id, owner);
    return owner;
  };
  const from = profile.endTime - (windowSeconds + tailSeconds) * 1e6;
  const to = profile.endTime - tailSeconds * 1e6;
  const busy = new Map<string, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) return;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    if (byId.get(id)?.callFrame.functionName === '(idle)') return;
    const owner = ownerOfNode(id);
    busy.set(owner, (busy.get(owner) ?? 0) + delta);
  });
  return busy;
}

/**
 * Runs one server under node's sampling profiler (--cpu-prof), loads it as
 * the HTTP bench does, stops it, and says where its CPU went during the
 * load. Shares within one process barely move with other work on the
 * machine, unlike the absolute figures.
 */
export async function profileServer(start: StartOptions, job: (port: number, seconds: number) => LoadJob, seconds: number): Promise<ProfileShare[]> {
  const dir = mkdtempSync(join(tmpdir(), 'phonekit-profile-'));
  try {
    const server = await startServerProcess({ ...start, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...start.args] });
    let requests = 0;
    try {
      await runLoad(job(server.port, 2));
      requests = (await runLoad(job(server.port, seconds))).requests;
    } finally {
      await server.stop();
    }
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error('the server wrote no CPU profile');
    const busy = attribute(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, seconds, 0.3);
    const total = [...busy.values()].reduce((a, b) => a + b, 0);
    return [...busy.entries()]
      .map(([where, us]) => ({ where, share: us / total, usPerRequest: requests === 0 ? Number.NaN : us / requests }))
      .sort((a, b) => b.share - a.share);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
