/**
 * The staff side of an on-site check-in (a course session's projector, an open-day activity):
 * polls the server for the current rotating code (signed there, a photo of it expires), turns it
 * into a QR image and counts down to the next one. `fetchCode` is the domain's own call.
 */
import { useEffect, useRef, useState } from 'react';
import QRCode from 'qrcode/lib/browser';

export interface RotatingCode {
  token: string;
  typedCode: string;
  rotatesInMs: number;
  stepSeconds: number;
}

const POLL_MS = 2000;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A base64 data URL of the (ASCII) SVG: works in the H5 <img> and in the weapp <image>, neither needs btoa. */
export function svgDataUrl(svg: string): string {
  let out = '';
  for (let i = 0; i < svg.length; i += 3) {
    const a = svg.charCodeAt(i) & 0xff;
    const b = i + 1 < svg.length ? svg.charCodeAt(i + 1) & 0xff : NaN;
    const c = i + 2 < svg.length ? svg.charCodeAt(i + 2) & 0xff : NaN;
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (Number.isNaN(b) ? '=' : B64[(n >> 6) & 63]) + (Number.isNaN(c) ? '=' : B64[n & 63]);
  }
  return `data:image/svg+xml;base64,${out}`;
}

/** Polls `fetchCode` once `enabled` (every 2 s); the latest reply, its QR image and the seconds to the next code. */
export function useRotatingCode<C extends RotatingCode>(fetchCode: () => Promise<C>, enabled: boolean, key: string): { code: C | null; qr: string; secondsLeft: number; error: unknown } {
  const [code, setCode] = useState<C | null>(null);
  const [qr, setQr] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(Date.now());
  const fetchedAt = useRef(Date.now());
  const lastToken = useRef('');
  const fetcher = useRef(fetchCode);
  fetcher.current = fetchCode;

  useEffect(() => {
    if (!enabled) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const c = await fetcher.current();
        if (stop) return;
        fetchedAt.current = Date.now();
        setCode(c);
        setError(null);
        if (c.token !== lastToken.current) {
          lastToken.current = c.token;
          const svg = await QRCode.toString(c.token, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
          if (!stop) setQr(svgDataUrl(svg));
        }
      } catch (e) {
        if (!stop) setError(e);
      }
      if (!stop) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    const tick = setInterval(() => setNow(Date.now()), 250);
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
      clearInterval(tick);
    };
  }, [enabled, key]);

  const secondsLeft = code ? Math.max(0, Math.ceil((code.rotatesInMs - (now - fetchedAt.current)) / 1000)) : 0;
  return { code, qr, secondsLeft, error };
}
