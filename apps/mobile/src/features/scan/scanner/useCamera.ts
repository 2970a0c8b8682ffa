import { useEffect, useState, type RefObject } from 'react';
import { holdWakeLock } from './wake-lock';

export type CameraState =
  | { status: 'starting' }
  | { status: 'on'; track: MediaStreamTrack; torch: boolean }
  | { status: 'denied' }
  | { status: 'unavailable' };

/**
 * The rear camera in `video` while mounted and `enabled`, the screen kept awake meanwhile. Asks
 * for 1280×720 at most: decoding works on a downscaled copy anyway.
 */
export function useCamera(video: RefObject<HTMLVideoElement | null>, enabled: boolean): CameraState {
  const [state, setState] = useState<CameraState>({ status: 'starting' });
  useEffect(() => {
    if (!enabled) return undefined;
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ status: 'unavailable' });
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
        if (stopped) return;
        const name = err instanceof DOMException ? err.name : '';
        setState({ status: name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable' });
      });
    return () => {
      stopped = true;
      releaseWakeLock();
      stream?.getTracks().forEach((t) => t.stop());
      if (video.current) video.current.srcObject = null;
    };
  }, [enabled, video]);
  return state;
}

/** Turns the torch on or off (only offered when the track says it has one). */
export function setTorch(track: MediaStreamTrack, on: boolean): Promise<void> {
  return track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
}
