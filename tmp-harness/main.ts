import { loadDetector } from '../apps/mobile/src/features/scan/scanner/detector';
const out = document.getElementById('out')!;
const v = document.getElementById('v') as HTMLVideoElement;
const t0 = performance.now();
const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } } });
v.srcObject = stream; await v.play();
const det = await loadDetector();
out.textContent += `ready ${Math.round(performance.now() - t0)} ms ${v.videoWidth}x${v.videoHeight} native=${'BarcodeDetector' in window}\n`;
const c = document.createElement('canvas'); const ctx = c.getContext('2d', { willReadFrequently: true })!;
for (let i = 0; i < 50; i++) {
  c.width = v.videoWidth; c.height = v.videoHeight; ctx.drawImage(v, 0, 0);
  const s = performance.now();
  const r = await det.detect(c);
  if (r.length) { out.textContent += `found ${r[0]!.rawValue} ${r[0]!.format} in ${Math.round(performance.now() - s)} ms at ${Math.round(performance.now() - t0)}\n`; break; }
  await new Promise((res) => setTimeout(res, 150));
}
out.textContent += 'done\n';
