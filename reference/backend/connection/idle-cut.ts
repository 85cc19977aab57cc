/**
 * The idle_cut fault: behaves like a proxy with an idle timeout, which drops the TCP connection
 * (no close frame) when no frame has passed either way for `ms`.
 */
export interface IdleCut {
  /** A frame went in or out. */
  touch(): void;
  stop(): void;
}

export function startIdleCut(ms: number, cut: () => void): IdleCut {
  const timer = setTimeout(cut, ms);
  return {
    touch: () => void timer.refresh(),
    stop: () => clearTimeout(timer),
  };
}
