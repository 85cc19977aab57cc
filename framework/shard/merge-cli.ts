// `npm run merge -- DIR [--json FILE]`: merges what the shards wrote under DIR (default
// reports/shards). Exit 0 when everything passed, 1 when a test or a threshold failed, 2 on bad input.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { E2eError } from '../errors.ts';
import { mergeShards } from './merge-shards.ts';
import { renderMerged } from './render-merged.ts';
import { shardDir } from './shard-file.ts';

async function main(argv: string[]): Promise<number> {
  const jsonAt = argv.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;
  const positional = argv.filter((a, i) => !a.startsWith('--') && (jsonAt < 0 || i !== jsonAt + 1));
  const dir = resolve(positional[0] ?? shardDir(loadConfig().reportDir));
  const merged = await mergeShards(dir);
  process.stdout.write(`${renderMerged(merged)}\n`);
  if (jsonFile) {
    const json = { ...merged, loads: merged.loads.map(({ stats: _stats, ...rest }) => rest) };
    writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  }
  return merged.pass ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`golden-path merge: ${error instanceof E2eError ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
