import { describe, expect, it } from 'vitest';
import { Redactor } from '../../framework/report/redactor.ts';

describe('Redactor', () => {
  it('removes registered secrets in the forms they travel in', () => {
    const r = new Redactor();
    r.register('hunter2-password');
    const encoded = Buffer.from('hunter2-password').toString('base64url');
    expect(r.redact(`pw=hunter2-password proto=x.${encoded} q=${encodeURIComponent('hunter2-password')}`)).toBe(
      'pw=[REDACTED] proto=x.[REDACTED] q=[REDACTED]',
    );
  });

  it('removes bearer values, jwt.* entries and JWT-shaped strings it was never told about', () => {
    const r = new Redactor();
    const out = r.redact(
      'Authorization: Bearer abc.def.ghi123 protocols=[agent_chat, jwt.ZXlKaGJHY2lPaUpGVXpJMU5pSjk] eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
    );
    expect(out).toBe('Authorization: Bearer [REDACTED] protocols=[agent_chat, jwt.[REDACTED]] [REDACTED-JWT]');
  });

  it('leaves text without secrets alone', () => {
    expect(new Redactor().redact('agent_started seq=1')).toBe('agent_started seq=1');
  });
});

describe('Redactor at load-test scale', () => {
  it('still finds every secret among twenty thousand, overlapping prefixes included', () => {
    const r = new Redactor();
    for (let i = 0; i < 20_000; i++) r.register(`token-${String(i).padStart(6, '0')}-secret`);
    r.register('token-000042-secret-and-longer');
    expect(r.redact('a token-000042-secret-and-longer b token-019999-secret c token-020000-secret')).toBe(
      'a [REDACTED] b [REDACTED] c token-020000-secret',
    );
  });
});
