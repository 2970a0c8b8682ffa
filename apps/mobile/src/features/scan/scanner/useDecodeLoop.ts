import { useEffect, useRef, useState, type RefObject } from 'react';
import { loadDetector } from './detector';

/** Decode a frame this often: fast enough to feel instant, cheap enough for a phone (not every frame). */
export const DECODE_INTERVAL_MS = 150;
/** Frames are decoded from a copy this wide at most (barcodes read fine; a 1280 px frame costs 4×). */
export const DECODE_MAX_SIDE = 640;

export type DecoderState = 'loading' | 'ready' | 'failed';

/**
 * Reads barcodes from `video` every DECODE_INTERVAL_MS while `active`, on a downscaled canvas;
 * `onRead` gets every code seen (repeats included: the caller dedupes).
 */
export function useDecodeLoop(
  video: RefObject<HTMLVideoElement | null>,
  active: boolean,
  onRead: (code: string) => void,
): DecoderState {
  const [state, setState] = useState<DecoderState>('loading');
  const handler = useRef(onRead);
  useEffect(() => {
    handler.current = onRead;
  }, [onRead]);
  useEffect(() => {
    if (!active) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    void loadDetector().then(
      (detector) => {
        if (stopped) return;
        setState('ready');
        const tick = async () => {
          const el = video.current;
          if (el && ctx && el.readyState >= 2 && el.videoWidth > 0) {
            const scale = Math.min(1, DECODE_MAX_SIDE / Math.max(el.videoWidth, el.videoHeight));
            canvas.width = Math.round(el.videoWidth * scale);
            canvas.height = Math.round(el.videoHeight * scale);
            ctx.drawImage(el, 0, 0, canvas.width, canvas.height);
            try {
              const found = await detector.detect(canvas);
              if (!stopped) for (const code of found) if (code.rawValue) handler.current(code.rawValue);
            } catch {
              // A frame that cannot be read (camera switching): try the next one.
            }
          }
          if (!stopped) timer = setTimeout(() => void tick(), DECODE_INTERVAL_MS);
        };
        void tick();
      },
      () => {
        if (!stopped) setState('failed');
      },
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, video]);
  return state;
}
