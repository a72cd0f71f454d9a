/**
 * Hostile and broken bundles: each gets a diagnostic naming the file (and byte or line), and everything else in the
 * bundle is still read. Every archive here is a real tarball written by tar-stream + zlib and read back.
 */
import { readFile, truncate, writeFile, stat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleReadError, readSnapshot } from '../../src/reader/index.js';
import { entriesOf, pod, podList, tempDir, writeFolder, writeTarball, type TarEntrySpec } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(async () => cleanup());

/** A small valid troubleshoot bundle: two namespaces of pods, and a log. */
function healthyFiles(): Record<string, string> {
  return {
    'cluster-resources/pods/shop.json': podList([pod('shop', 'api-1', [{ name: 'api', restartCount: 3, lastExit: 1 }])]),
    'cluster-resources/pods/kube-system.json': podList([pod('kube-system', 'dns-1', [{ name: 'dns' }])]),
    'cluster-resources/pods/logs/shop/api-1/api.log': 'starting\nboom\n',
    'cluster-info/cluster_version.json': JSON.stringify({ info: { major: '1', minor: '30', gitVersion: 'v1.30.2' }, string: 'v1.30.2' }),
  };
}

const codes = (diagnostics: { code: string }[]) => diagnostics.map((d) => d.code);

describe('damaged archives', () => {
  it('keeps what a truncated gzip held and says at which byte it stops', async () => {
    const path = join(dir, 'truncated.tar.gz');
    const big = Array.from({ length: 40_000 }, (_, i) => `line ${i} ${Math.random().toString(36)}`).join('\n');
    await writeTarball(path, [
      ...entriesOf(healthyFiles(), 'support-bundle'),
      { name: 'support-bundle/cluster-resources/pods/logs/kube-system/dns-1/dns.log', content: big },
      { name: 'support-bundle/cluster-resources/nodes.json', content: '{"kind":"NodeList","items":[]}' },
    ]);
    const size = (await stat(path)).size;
    await truncate(path, Math.floor(size * 0.8));

    // dns-1 never died, so by default its log would only be counted: ask for every log's lines.
    const snapshot = await readSnapshot(path, { logs: 'all' });
    const truncated = snapshot.diagnostics.find((d) => d.code === 'truncated-archive');
    expect(truncated?.byte).toBe(Math.floor(size * 0.8));
    expect(truncated?.message).toContain(`byte ${Math.floor(size * 0.8)}`);
    expect(truncated?.message).toContain('truncated.tar.gz');
    // Everything before the cut was read, including the start of the log that was cut in the middle.
    // Pods are ordered by namespace, then name.
    expect(snapshot.pods.map((p) => p.name)).toEqual(['dns-1', 'api-1']);
    const dns = snapshot.pods.find((p) => p.name === 'dns-1')!.containers[0]!.logs.current!;
    expect(dns.lines[0]!.text).toMatch(/^line 0 /);
    expect(dns.totalLines).toBeGreaterThan(1000);
    expect(dns.totalLines).toBeLessThan(40_000);
    expect(snapshot.cluster.version?.gitVersion).toBe('v1.30.2');
  });

  it('reports a corrupt gzip stream and keeps the entries before the damage', async () => {
    const path = join(dir, 'corrupt.tar.gz');
    await writeTarball(path, [
      ...entriesOf(healthyFiles(), 'sb'),
      { name: 'sb/cluster-resources/pods/logs/kube-system/dns-1/dns.log', content: 'x'.repeat(200_000) + String(Math.random()) },
    ]);
    const bytes = await readFile(path);
    // Overwrite the last quarter (compressed log data and the gzip trailer) with garbage.
    for (let i = Math.floor(bytes.length * 0.75); i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    await writeFile(path, bytes);
    const snapshot = await readSnapshot(path);
    const damage = snapshot.diagnostics.find((d) => d.code === 'corrupt-archive' || d.code === 'truncated-archive');
    expect(damage, JSON.stringify(snapshot.diagnostics)).toBeDefined();
    expect(damage!.byte).toBeGreaterThan(0);
    expect(snapshot.pods.length).toBe(2);
  });

  it('refuses a file that is not an archive, naming it and what it looks like', async () => {
    const path = join(dir, 'bundle.tar.gz');
    await writeFile(path, 'PK\x03\x04 this is really a zip file');
    const error = await readSnapshot(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleReadError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/not a gzip, xz or tar archive/);
    expect((error as Error).message).toMatch(/zip archive/);
    expect((error as Error).message).toContain('50 4b 03 04');
  });

  it('refuses gzip data that holds no tar', async () => {
    const path = join(dir, 'plain.json.gz');
    const { gzipSync } = await import('node:zlib');
    await writeFile(path, gzipSync(Buffer.from('{"kind":"PodList","items":[]}'.repeat(40))));
    const error = (await readSnapshot(path).catch((e: unknown) => e)) as BundleReadError;
    expect(error).toBeInstanceOf(BundleReadError);
    expect(error.message).toContain(path);
    expect(codes(error.diagnostics)).toContain('not-a-tar');
  });

  it('refuses an empty archive with a diagnostic saying it is empty', async () => {
    const path = join(dir, 'empty.tar.gz');
    await writeTarball(path, []);
    const error = (await readSnapshot(path).catch((e: unknown) => e)) as BundleReadError;
    expect(error).toBeInstanceOf(BundleReadError);
    expect(error.message).toMatch(/holds no files/);
    expect(codes(error.diagnostics)).toEqual(['empty-archive']);
  });

  it('refuses an empty file', async () => {
    const path = join(dir, 'zero.tgz');
    await writeFile(path, '');
    await expect(readSnapshot(path)).rejects.toThrow(/zero\.tgz: the file is empty/);
  });

  it('keeps what a truncated xz held', async () => {
    const path = join(dir, 'truncated.tar.xz');
    const noise = Array.from({ length: 60_000 }, (_, i) => `${i} ${Math.random()}`).join('\n');
    await writeTarball(path, [...entriesOf(healthyFiles(), 'mg'), { name: 'mg/zz-noise.bin', content: noise }], 'xz');
    const size = (await stat(path)).size;
    await truncate(path, Math.floor(size * 0.7));
    const snapshot = await readSnapshot(path);
    expect(codes(snapshot.diagnostics)).toContain('truncated-archive');
    expect(snapshot.pods.length).toBe(2);
  });
});

describe('hostile entries', () => {
  const hostile: TarEntrySpec[] = [
    { name: '../../x', content: 'escape' },
    { name: '/etc/passwd', content: 'root:x:0:0' },
    { name: 'sb/cluster-resources/pods/evil.json', type: 'symlink', linkname: '/etc/shadow' },
    { name: 'sb/cluster-resources/pods/hard.json', type: 'link', linkname: 'sb/cluster-resources/pods/shop.json' },
    { name: 'sb/dev-null', type: 'character-device' },
    ...entriesOf(healthyFiles(), 'sb'),
    { name: 'sb/cluster-resources/pods/shop.json', content: podList([pod('shop', 'impostor', [{ name: 'x' }])]) },
  ];

  it('skips ../, absolute names, links and devices, uses the first of duplicate entries, and reads the rest', async () => {
    const path = join(dir, 'hostile.tar.gz');
    await writeTarball(path, hostile);
    const before = new Set(await readdir(dir));
    const snapshot = await readSnapshot(path);

    const byFile = (file: string) => snapshot.diagnostics.filter((d) => d.file === file);
    expect(byFile('../../x').map((d) => d.code)).toEqual(['unsafe-path']);
    expect(byFile('../../x')[0]!.message).toMatch(/climbs out/);
    expect(byFile('/etc/passwd').map((d) => d.code)).toEqual(['unsafe-path']);
    expect(byFile('/etc/passwd')[0]!.message).toMatch(/absolute/);
    expect(byFile('sb/cluster-resources/pods/evil.json')[0]).toMatchObject({ code: 'link-skipped' });
    expect(byFile('sb/cluster-resources/pods/evil.json')[0]!.message).toContain('/etc/shadow');
    expect(byFile('sb/cluster-resources/pods/hard.json')[0]).toMatchObject({ code: 'link-skipped', severity: 'warning' });
    expect(byFile('sb/dev-null')[0]).toMatchObject({ code: 'link-skipped' });
    const duplicate = byFile('sb/cluster-resources/pods/shop.json');
    expect(duplicate.map((d) => d.code)).toEqual(['duplicate-entry']);
    expect(duplicate[0]!.message).toMatch(/first copy is used/);

    expect(snapshot.pods.map((p) => p.name).sort()).toEqual(['api-1', 'dns-1']);
    // Nothing was written next to the bundle.
    expect(new Set(await readdir(dir))).toEqual(before);
  });

  it('does the same for an uncompressed tar', async () => {
    const path = join(dir, 'hostile.tar');
    await writeTarball(path, hostile, 'none');
    const snapshot = await readSnapshot(path);
    expect(codes(snapshot.diagnostics).filter((c) => c === 'unsafe-path')).toHaveLength(2);
    expect(snapshot.pods.map((p) => p.name).sort()).toEqual(['api-1', 'dns-1']);
  });
});

describe('damaged files inside a good archive', () => {
  it('names the file and the parser line of malformed JSON and YAML and reads the other files', async () => {
    const path = join(dir, 'malformed.tar.gz');
    await writeTarball(path, [
      ...entriesOf(healthyFiles()),
      { name: 'cluster-resources/events/shop.json', content: '{\n  "kind": "EventList",\n  "items": [\n    {"reason": "BackOff",}\n  ]\n}' },
      { name: 'cluster-resources/nodes.json', content: '{"kind": "NodeList", "items": [' },
    ]);
    const snapshot = await readSnapshot(path);
    const events = snapshot.diagnostics.find((d) => d.file === 'cluster-resources/events/shop.json')!;
    expect(events.code).toBe('malformed-json');
    expect(events.line).toBe(4);
    expect(events.message).toMatch(/line 4, column \d+/);
    const nodes = snapshot.diagnostics.find((d) => d.file === 'cluster-resources/nodes.json')!;
    expect(nodes.code).toBe('malformed-json');
    expect(nodes.line).toBe(1);
    expect(snapshot.pods).toHaveLength(2);
  });

  it('names the line and column of malformed YAML in a must-gather', async () => {
    const root = join(dir, 'mg-bad-yaml');
    await writeFolder(root, {
      'namespaces/shop/core/pods.yaml': 'apiVersion: v1\nitems:\n- kind: Pod\n  metadata:\n    name: api\n    namespace: shop\nkind: List\n',
      'namespaces/shop/core/events.yaml': 'apiVersion: v1\nitems:\n- kind: Event\n  reason: [unclosed\n  message: x\n',
    });
    const snapshot = await readSnapshot(root);
    const bad = snapshot.diagnostics.find((d) => d.file === 'namespaces/shop/core/events.yaml')!;
    expect(bad.code).toBe('malformed-yaml');
    expect(bad.line).toBeGreaterThanOrEqual(4);
    expect(bad.message).toMatch(/line \d+, column \d+/);
    expect(snapshot.pods.map((p) => p.name)).toEqual(['api']);
  });

  it('decodes non-UTF-8 bytes with replacement and says so once per file', async () => {
    const path = join(dir, 'latin1.tar.gz');
    const latin1 = Buffer.concat([Buffer.from('Grüße '), Buffer.from([0xe9, 0xe8, 0xff]), Buffer.from(' fin\nsecond \xff line\n', 'latin1')]);
    await writeTarball(path, [...entriesOf(healthyFiles()), { name: 'cluster-resources/pods/logs/shop/api-1/api-previous.log', content: latin1 }]);
    const snapshot = await readSnapshot(path);
    const diagnostics = snapshot.diagnostics.filter((d) => d.code === 'non-utf8');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'cluster-resources/pods/logs/shop/api-1/api-previous.log', line: 1 });
    const previous = snapshot.pods.find((p) => p.name === 'api-1')!.containers[0]!.logs.previous!;
    expect(previous.lines[0]!.text).toBe('Grüße \uFFFD\uFFFD\uFFFD fin');
    expect(previous.lines[1]!.text).toBe('second \uFFFD line');
  });

  it('skips an object file over maxObjectFileBytes with a diagnostic', async () => {
    const path = join(dir, 'big-object.tar.gz');
    await writeTarball(path, entriesOf(healthyFiles()));
    const snapshot = await readSnapshot(path, { maxObjectFileBytes: 300 });
    const tooLarge = snapshot.diagnostics.filter((d) => d.code === 'file-too-large').map((d) => d.file);
    expect(tooLarge).toContain('cluster-resources/pods/shop.json');
    expect(tooLarge).toContain('cluster-resources/pods/kube-system.json');
    expect(snapshot.pods).toHaveLength(0);
  });
});

describe('folders', () => {
  it('lists the known layouts and the paths it looked for when a folder has nothing recognisable', async () => {
    const root = join(dir, 'holiday-photos');
    await writeFolder(root, { 'beach.jpg': 'not really', 'notes/todo.txt': 'buy milk' });
    const error = (await readSnapshot(root).catch((e: unknown) => e)) as BundleReadError;
    expect(error).toBeInstanceOf(BundleReadError);
    expect(error.message).toContain(root);
    expect(error.message).toContain('none of its 2 files');
    for (const expected of ['troubleshoot.sh support bundle', 'cluster-resources/pods/<namespace>.json', 'OpenShift must-gather', 'namespaces/<namespace>/core/pods.yaml', 'kubectl cluster-info dump', '<namespace>/<pod>/logs.txt']) {
      expect(error.message).toContain(expected);
    }
  });

  it('reports links in a folder and never follows them', async () => {
    const root = join(dir, 'linked');
    const outside = join(dir, 'outside');
    await writeFolder(outside, { 'shop.json': podList([pod('shop', 'from-outside', [{ name: 'x' }])]) });
    await writeFolder(root, healthyFiles(), {
      'cluster-resources/pods/outside.json': join(outside, 'shop.json'),
      'cluster-resources/events': outside,
    });
    const snapshot = await readSnapshot(root);
    expect(snapshot.pods.map((p) => p.name).sort()).toEqual(['api-1', 'dns-1']);
    const links = snapshot.diagnostics.filter((d) => d.code === 'link-skipped').map((d) => d.file).sort();
    expect(links).toEqual(['cluster-resources/events', 'cluster-resources/pods/outside.json']);
  });

  it('throws a clear error for a path that does not exist', async () => {
    await expect(readSnapshot(join(dir, 'nope.tar.gz'))).rejects.toThrow(/nope\.tar\.gz: no such file or folder/);
  });
});
