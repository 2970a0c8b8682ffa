import type { Random } from '../random';

/** Product names, SKUs and barcodes as a hardware store / grocery distributor has them. */
export type CatalogEntry = { sku: string; barcode: string | null; name: string };

const words = (list: string) => list.split('|');
const KINDS = words(
  'Destornillador|Martillo|Tornillo hexagonal|Tuerca|Arandela|Llave inglesa|Alicate|Cinta métrica|Taladro percutor|Broca|Sierra circular|Lija al agua|Pintura látex|Rodillo|Pincel|Cable unipolar|Enchufe|Bombilla LED|Interruptor|Manguera|Grifo monocomando|Silicona|Pegamento epoxi|Candado|Bisagra|Clavo|Escalera|Guantes de nitrilo|Gafas de seguridad|Extensión eléctrica|Arroz largo fino|Aceite de oliva|Café molido|Yerba mate|Galletitas|Detergente|Jabón en polvo|Papel higiénico|Screwdriver|Claw hammer|Socket wrench|Drill bit set|Paint roller|Light bulb|Garden hose|Padlock|Wood glue|Masking tape',
);
const BRANDS = words(
  'Stanley|Bosch|Makita|Truper|Bahco|DeWalt|Tramontina|Philips|Osram|Sika|Loctite|Pretul|Irimo|Gamma|Biassoni|Tigre|Alba|Sinteplast|La Serenísima|Taragüí',
);
const TRAITS = words(
  'inoxidable|galvanizado|profesional|reforzado|compacto|heavy duty|cordless|magnético|antideslizante|blanco|negro|rojo|azul|industrial|premium|económico|x 12 unidades',
);
const SIZES = words('M6 x 40|M8 x 60|1/2"|3/8"|10 mm|25 m|5 kg|1 L|500 ml|18V|220V|60W|PH2|#8|4 L|1 kg|30 cm|2.5 mm²');

export function ean13(n: number): string {
  const body = `779${String(n).padStart(9, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** `count` products; the i-th (0-based) gets id i + 1 when loaded in order. */
export function catalogEntries(count: number, rnd: Random): CatalogEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = rnd.pick(KINDS);
    const brand = rnd.pick(BRANDS);
    const parts = [kind, brand, rnd.next() < 0.6 ? rnd.pick(TRAITS) : '', rnd.next() < 0.7 ? rnd.pick(SIZES) : ''];
    const prefix = kind
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 3)
      .toUpperCase();
    return {
      sku: `${prefix}-${brand.slice(0, 2).toUpperCase()}${(i + 1).toString(36).toUpperCase().padStart(5, '0')}`,
      barcode: rnd.next() < 0.9 ? ean13(i + 1) : null,
      name: parts.filter(Boolean).join(' '),
    };
  });
}

/** What a user types into the search box: 3 to 6 letters from the middle of a word of some product's name. */
export function nameFragment(entries: readonly CatalogEntry[], rnd: Random): string {
  const candidates = rnd
    .pick(entries)
    .name.split(' ')
    .filter((w) => w.length >= 5);
  const word = candidates.length ? rnd.pick(candidates) : 'tornillo';
  const length = 3 + Math.floor(rnd.next() * 4);
  const start = Math.floor(rnd.next() * Math.max(1, word.length - length + 1));
  return word.slice(start, start + length).toLowerCase();
}
