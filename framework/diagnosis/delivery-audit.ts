import type { Delivery, ResumeSent } from '../client/resume-ledger.ts';

export interface DeliveryFinding {
  kind: 'lost' | 'duplicated';
  seq: number;
  message: string;
}

export interface DeliveryAudit {
  /** Distinct seqs seen, and the highest. */
  distinct: number;
  highest: number;
  /** Events per connection, in connection order. */
  perConnection: Record<string, number>;
  findings: DeliveryFinding[];
}

/**
 * Exactly-once across connections: every seq of the run from the first up to the highest seen
 * arrived, and none arrived twice, whichever connection carried it. `resumes` lets a finding
 * say whether the loss or the duplicate came with a resume replay.
 */
export function auditDelivery(deliveries: readonly Delivery[], resumes: readonly ResumeSent[] = []): DeliveryAudit {
  const bySeq = new Map<number, Delivery[]>();
  const perConnection: Record<string, number> = {};
  for (const d of deliveries) {
    perConnection[d.connection] = (perConnection[d.connection] ?? 0) + 1;
    if (d.event.seq === undefined) continue;
    bySeq.set(d.event.seq, [...(bySeq.get(d.event.seq) ?? []), d]);
  }
  const seqs = [...bySeq.keys()];
  const highest = seqs.length > 0 ? Math.max(...seqs) : 0;
  // Runs count from 1 (or 0): a missing first event is a loss like any other.
  const first = seqs.length > 0 ? Math.min(1, ...seqs) : 1;
  const findings: DeliveryFinding[] = [];
  const resume = resumes[0];
  const via = (seq: number, verb: string) =>
    resume && seq > resume.afterSeq
      ? ` — ${verb} the replay of resume after_seq ${resume.afterSeq} on ${resume.connection}`
      : '';

  for (let seq = first; seq <= highest; seq++) {
    const got = bySeq.get(seq);
    if (!got)
      findings.push({
        kind: 'lost',
        seq,
        message: `seq ${seq} never arrived on any connection (lost)${via(seq, 'it belonged in')}`,
      });
    else if (got.length > 1) {
      const counts = new Map<string, number>();
      for (const d of got) counts.set(d.connection, (counts.get(d.connection) ?? 0) + 1);
      const where = [...counts].map(([c, n]) => (n > 1 ? `${c} ×${n}` : c)).join(', ');
      findings.push({
        kind: 'duplicated',
        seq,
        message: `seq ${seq} (${got[0]!.event.type}) arrived ${got.length} times (${where}): a duplicate${via(seq, 'within')}`,
      });
    }
  }
  return { distinct: seqs.length, highest, perConnection, findings };
}

/** One paragraph for a failure message. */
export function renderDeliveryAudit(audit: DeliveryAudit): string {
  const per = Object.entries(audit.perConnection)
    .map(([c, n]) => `${c}: ${n}`)
    .join(', ');
  const head = `exactly-once across connections: ${audit.distinct} distinct seq(s) up to ${audit.highest} (${per || 'no events'})`;
  return audit.findings.length === 0
    ? `${head}: ok`
    : [head, ...audit.findings.map((f) => `  [${f.kind}] ${f.message}`)].join('\n');
}
