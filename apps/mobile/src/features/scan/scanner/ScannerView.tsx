import { ActionIcon, Alert, Box, Button, Group, Loader, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createDedupe } from './dedupe';
import { scanFeedback } from './feedback';
import { IconBolt, IconCameraOff } from '../../../components/icons';
import { setTorch, useCamera } from './useCamera';
import { useDecodeLoop } from './useDecodeLoop';
import { useWedge } from './useWedge';

export type ScanSource = 'camera' | 'manual' | 'wedge';
export type ScanMode = 'single' | 'continuous';

type Props = {
  onScan: (code: string, source: ScanSource) => void;
  /** single: the camera holds after each read until "scan again"; continuous: it keeps reading. */
  defaultMode?: ScanMode;
  /** The caller is busy with the last scan (a quantity being typed): the camera holds. */
  paused?: boolean;
};

/**
 * The camera (rear, decoded every 150 ms), a manual field, and a hardware scanner anywhere on the
 * screen. A code the camera keeps seeing counts once (dedupe window); every scan beeps and buzzes.
 * Without a camera (refused, busy, none) there is no picture box: a panel says why and how to
 * fix it, and the manual field and the hardware scanner take its place.
 */
export function ScannerView({ onScan, defaultMode = 'single', paused = false }: Props) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [mode, setMode] = useState<ScanMode>(defaultMode);
  const [held, setHeld] = useState(false);
  const [manual, setManual] = useState('');
  const [torchOn, setTorchOn] = useState(false);
  const dedupe = useMemo(() => createDedupe(), []);
  const camera = useCamera(video, true);
  const reading = camera.status === 'on' && !paused && !held;
  const problem = camera.status === 'starting' || camera.status === 'on' ? null : camera.status;

  const emit = useCallback(
    (code: string, source: ScanSource) => {
      scanFeedback();
      if (source === 'camera' && mode === 'single') setHeld(true);
      onScan(code.trim(), source);
    },
    [mode, onScan],
  );
  const decoder = useDecodeLoop(video, reading, (code) => {
    if (!dedupe.accept(code, performance.now())) return;
    // "From camera frame to product opened": from this mark to ProductPage's bodega:product-opened.
    performance.mark('bodega:scan-read', { detail: { code } });
    emit(code, 'camera');
  });
  // Always listening, paused or not: a hardware scan must never land in a quantity field as digits.
  useWedge(useCallback((code: string) => emit(code, 'wedge'), [emit]));

  const submitManual = (e: FormEvent) => {
    e.preventDefault();
    const code = manual.trim();
    if (!code) return;
    setManual('');
    emit(code, 'manual');
  };
  const again = () => {
    dedupe.reset();
    setHeld(false);
  };

  return (
    <Stack gap="xs">
      {problem && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconCameraOff />}
          title={t(`scan.scanner.noCamera.${problem}.title`)}
          data-testid="no-camera"
          data-problem={problem}
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t(`scan.scanner.noCamera.${problem}.body`)}</Text>
            {(problem === 'denied' || problem === 'busy') && (
              <Button variant="default" onClick={camera.retry}>
                {t('scan.scanner.retry')}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      {/* Kept mounted while hidden: a retry that succeeds plays into it at once. */}
      <Box
        pos="relative"
        display={problem ? 'none' : undefined}
        style={{ aspectRatio: '4 / 3', background: 'black', borderRadius: 12, overflow: 'hidden' }}
      >
        <video
          ref={video}
          muted
          playsInline
          autoPlay
          data-testid="scanner-video"
          aria-label={t('scan.scanner.video')}
          style={{ width: '100%', height: '100%', objectFit: 'cover', opacity: reading ? 1 : 0.4 }}
        />
        {(camera.status === 'starting' || (camera.status === 'on' && decoder === 'loading')) && (
          <Group pos="absolute" inset={0} justify="center">
            <Loader color="white" aria-label={t('scan.scanner.starting')} />
          </Group>
        )}
        {camera.status === 'on' && held && !paused && (
          <Group pos="absolute" inset={0} justify="center">
            <Button size="lg" onClick={again}>
              {t('scan.scanner.again')}
            </Button>
          </Group>
        )}
        {camera.status === 'on' && camera.torch && (
          <ActionIcon
            pos="absolute"
            top={8}
            right={8}
            size="xl"
            variant={torchOn ? 'filled' : 'default'}
            aria-pressed={torchOn}
            aria-label={t('scan.scanner.torch')}
            onClick={() => {
              const next = !torchOn;
              void setTorch(camera.track, next).then(
                () => setTorchOn(next),
                () => undefined,
              );
            }}
          >
            <IconBolt />
          </ActionIcon>
        )}
      </Box>
      {decoder === 'failed' && <Alert color="yellow">{t('scan.scanner.decoderFailed')}</Alert>}
      {!problem && (
        <SegmentedControl
          fullWidth
          value={mode}
          onChange={(v) => {
            setMode(v as ScanMode);
            setHeld(false);
          }}
          aria-label={t('scan.scanner.mode')}
          data={[
            { value: 'single', label: t('scan.scanner.single') },
            { value: 'continuous', label: t('scan.scanner.continuous') },
          ]}
        />
      )}
      <form onSubmit={submitManual}>
        <Group align="end" gap="xs" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            size={problem ? 'lg' : 'md'}
            label={t('scan.scanner.manual')}
            value={manual}
            onChange={(e) => setManual(e.currentTarget.value)}
            autoComplete="off"
            autoCapitalize="off"
            enterKeyHint="search"
          />
          <Button type="submit" size={problem ? 'lg' : 'md'}>
            {t('scan.scanner.lookUp')}
          </Button>
        </Group>
      </form>
      {problem ? (
        <Text size="sm" fw={500}>
          {t('scan.scanner.noCameraHint')}
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          {t('scan.scanner.wedgeHint')}
        </Text>
      )}
    </Stack>
  );
}
