import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { holdWakeLock } from './wake-lock';

/**
 * Why there is no picture: `denied` (the user or the browser's site settings block the camera),
 * `busy` (another app holds it), `insecure` (the page is not on https, so browsers offer no
 * camera), `unavailable` (this device has none).
 */
export type CameraProblem = 'denied' | 'busy' | 'insecure' | 'unavailable';

export type CameraState =
  { status: 'starting' } | { status: 'on'; track: MediaStreamTrack; torch: boolean } | { status: CameraProblem };

export type Camera = CameraState & {
  /** Asks for the camera again (after the user allowed it, or closed the app that held it). */
  retry: () => void;
};

function problemOf(err: unknown): CameraProblem {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'unavailable';
}

/**
 * The rear camera in `video` while mounted and `enabled`, the screen kept awake meanwhile. Asks
 * for 1280×720 at most: decoding works on a downscaled copy anyway. When the camera is refused,
 * a later grant (the site settings changed while the page stays open) asks again by itself.
 */
export function useCamera(video: RefObject<HTMLVideoElement | null>, enabled: boolean): Camera {
  const [state, setState] = useState<CameraState>({ status: 'starting' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const status = useRef(state.status);
  useEffect(() => {
    status.current = state.status;
  }, [state.status]);

  useEffect(() => {
    if (!enabled) return undefined;
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ status: window.isSecureContext ? 'unavailable' : 'insecure' });
      return undefined;
    }
    let stream: MediaStream | null = null;
    let stopped = false;
    const releaseWakeLock = holdWakeLock();
    setState({ status: 'starting' });
    navigator.mediaDevices
      .getUserMedia({
        audio: false,
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      })
      .then(async (s) => {
        if (stopped) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        const el = video.current;
        if (el) {
          el.srcObject = s;
          await el.play().catch(() => undefined);
        }
        const track = s.getVideoTracks()[0];
        if (!track) return setState({ status: 'unavailable' });
        const caps = (track.getCapabilities?.() ?? {}) as MediaTrackCapabilities & { torch?: boolean };
        setState({ status: 'on', track, torch: caps.torch === true });
      })
      .catch((err: unknown) => {
        if (!stopped) setState({ status: problemOf(err) });
      });
    return () => {
      stopped = true;
      releaseWakeLock();
      stream?.getTracks().forEach((t) => t.stop());
      if (video.current) video.current.srcObject = null;
    };
  }, [enabled, video, attempt]);

  useEffect(() => {
    if (!enabled || !navigator.permissions?.query) return undefined;
    let permission: PermissionStatus | null = null;
    const onChange = () => {
      if (permission?.state === 'granted' && status.current === 'denied') retry();
    };
    let stopped = false;
    // Not every browser knows the 'camera' name (the query then rejects): the button remains.
    navigator.permissions.query({ name: 'camera' as PermissionName }).then(
      (p) => {
        if (stopped) return;
        permission = p;
        p.addEventListener('change', onChange);
      },
      () => undefined,
    );
    return () => {
      stopped = true;
      permission?.removeEventListener('change', onChange);
    };
  }, [enabled, retry]);

  return { ...state, retry };
}

/** Turns the torch on or off (only offered when the track says it has one). */
export function setTorch(track: MediaStreamTrack, on: boolean): Promise<void> {
  return track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
}
