import { ConfigError } from '../errors.ts';
import type { KindValues, VariableSpec } from './variables.ts';

/** Parses one variable's raw text by its kind; a bad value throws a ConfigError naming it. */
export function parseValue(spec: VariableSpec, raw: string, file: string | undefined): KindValues[keyof KindValues] {
  const bad = (why: string): never => {
    throw new ConfigError('E2E_CONFIG_INVALID', spec.name, `${why}, got ${describe(spec, raw)}`, file);
  };
  const inRange = (n: number): number => {
    const [min, max] = spec.range ?? [0, Number.MAX_SAFE_INTEGER];
    if (n < min || n > max) bad(`expected a value from ${min} to ${max}`);
    return n;
  };
  switch (spec.kind) {
    case 'int': {
      if (!/^\d+$/.test(raw)) bad('expected a whole number ≥ 0');
      return inRange(Number(raw));
    }
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || n < 0) bad('expected a number ≥ 0');
      return inRange(n);
    }
    case 'fraction': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) bad('expected a fraction between 0 and 1');
      return n;
    }
    case 'bool': {
      const v = raw.toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
      return bad('expected true or false');
    }
    case 'enum': {
      if (!spec.values?.includes(raw)) bad(`expected one of ${spec.values?.join(', ')}`);
      return raw;
    }
    case 'url':
    case 'ws-url': {
      const url = URL.canParse(raw) ? new URL(raw) : bad('expected an absolute URL');
      const allowed = spec.kind === 'url' ? ['http:', 'https:'] : ['ws:', 'wss:'];
      if (!allowed.includes(url.protocol)) bad(`expected a ${allowed.join(' or ')} URL`);
      return raw.replace(/\/+$/, '');
    }
    case 'shard': {
      const m = /^(\d+)\/(\d+)$/.exec(raw);
      const index = Number(m?.[1]);
      const count = Number(m?.[2]);
      if (!m || index < 1 || count < 1 || index > count) bad('expected i/n with 1 ≤ i ≤ n');
      return { index, count };
    }
    default:
      return raw;
  }
}

// Secrets are never echoed, even in the error that says they are malformed.
function describe(spec: VariableSpec, raw: string): string {
  return spec.kind === 'secret' ? '(a value, not shown)' : JSON.stringify(raw);
}
