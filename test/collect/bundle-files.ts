/** Every file of a .tar.gz bundle, whole, for tests that scan every byte. The root folder is stripped from paths. */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';

export async function bundleFiles(path: string): Promise<Map<string, Buffer>> {
  // gunzip reads every member of a multi-member gzip (the seekable bundle is one member per entry).
  const tar = gunzipSync(await readFile(path));
  const files = new Map<string, Buffer>();
  const extractor = extract();
  const done = new Promise<void>((resolve, reject) => {
    extractor.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => {
        chunks.push(chunk as Buffer);
      });
      stream.on('end', () => {
        if (header.type === 'file') files.set(header.name.split('/').slice(1).join('/'), Buffer.concat(chunks));
        next();
      });
      stream.on('error', reject);
    });
    extractor.on('finish', resolve);
    extractor.on('error', reject);
  });
  Readable.from([tar]).pipe(extractor);
  await done;
  return files;
}

export function json(files: Map<string, Buffer>, path: string): any {
  const file = files.get(path);
  if (!file) throw new Error(`${path} is not in the bundle; it has: ${[...files.keys()].join(', ')}`);
  return JSON.parse(file.toString('utf8'));
}
