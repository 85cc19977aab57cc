/** A vitest option that `golden-path run` hands on: its name, and the kind of value it takes. */
export interface VitestFlag {
  name: string;
  /** `count`: a whole number ≥ 0; `text`: any value; `optional`: only as `--name=value`; `none`: a switch. */
  value: 'count' | 'text' | 'optional' | 'none';
  /** Also matches `--name.<key>` (vitest's dot notation, e.g. `--outputFile.json`). */
  dotted?: boolean;
  /** What the help shows for the value. */
  shown?: string;
}

/**
 * The vitest options `golden-path run` passes through; any other option exits 2. The rest are left
 * out on purpose: golden-path chooses the project, the config, the pool and the file order (the suites
 * run side by side, and a test tagged `alone` has the target to itself, so load figures stay honest),
 * and runs once (no watch, no UI). `-t` and `--bail` are
 * golden-path's own (`--grep`, `--bail [N]`).
 */
export const VITEST_FLAGS: readonly VitestFlag[] = [
  { name: '--reporter', value: 'text', shown: 'NAME' },
  { name: '--outputFile', value: 'text', dotted: true, shown: 'FILE' },
  { name: '--retry', value: 'count', shown: 'N' },
  { name: '--testTimeout', value: 'count', shown: 'MS' },
  { name: '--hookTimeout', value: 'count', shown: 'MS' },
  { name: '--teardownTimeout', value: 'count', shown: 'MS' },
  { name: '--slowTestThreshold', value: 'count', shown: 'MS' },
  { name: '--silent', value: 'optional', shown: 'passed-only' },
  { name: '--hideSkippedTests', value: 'none' },
  { name: '--exclude', value: 'text', shown: 'GLOB' },
  { name: '--logHeapUsage', value: 'none' },
  { name: '--printConsoleTrace', value: 'none' },
  { name: '--includeTaskLocation', value: 'none' },
];

/** The pass-through entry for `--name` or `--name.key`, if there is one. */
export function vitestFlag(name: string): VitestFlag | undefined {
  return VITEST_FLAGS.find(
    (f) => f.name === name || (f.dotted && name.startsWith(`${f.name}.`) && name.length > f.name.length + 1),
  );
}

/** How `golden-path run --help` shows them: `--retry N`, `--silent[=passed-only]`, … */
export function vitestFlagsUsage(): string[] {
  return VITEST_FLAGS.map((f) => {
    const value = f.value === 'none' ? '' : f.value === 'optional' ? `[=${f.shown}]` : ` ${f.shown}`;
    return `${f.name}${f.dotted ? '[.NAME]' : ''}${value}`;
  });
}
