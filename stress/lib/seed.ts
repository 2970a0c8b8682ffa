/** Products with stock, customers with credit limits and staff accounts, all made through the API. */
import { ADMIN } from './server';
import { Api, as } from './http';

export type Product = { id: number; priceCents: number; name: string };
export type Customer = { id: number; creditLimitCents: number };
export type World = {
  admin: Api;
  sales: Api[];
  warehouse: Api;
  products: Product[];
  /** Products with little stock: orders for them run out and are refused (409) whole. */
  scarce: Product[];
  customers: Customer[];
};

const WORDS = ['Arroz', 'Frijol', 'Aceite', 'Azúcar', 'Café', 'Harina', 'Jabón', 'Sal', 'Atún', 'Leche', 'Pasta'];

export async function seedWorld(
  base: string,
  counts: { products: number; scarce: number; customers: number; sales: number; stock: number },
): Promise<World> {
  const anon = new Api(base);
  const admin = as(anon, await anon.login(ADMIN.email, ADMIN.password));
  const staff = async (role: string, n: number) => {
    const email = `${role}-${n}-${Date.now()}@stress.local`;
    await admin.must('POST', '/users', { email, name: `${role} ${n}`, role, password: 'stress-staff-password-1' }, 201);
    return as(anon, await anon.login(email, 'stress-staff-password-1'));
  };
  const sales = [];
  for (let i = 0; i < counts.sales; i++) sales.push(await staff('sales_staff', i));
  const warehouse = await staff('warehouse_manager', 0);

  const make = async (i: number, stock: number): Promise<Product> => {
    const priceCents = 150 + ((i * 379) % 4_850);
    const name = `${WORDS[i % WORDS.length]} ${i}`;
    const p = await admin.must(
      'POST',
      '/products',
      { sku: `STRESS-${i}`, name, priceCents, taxRateBp: [0, 800, 1600][i % 3], reorderPoint: 5 },
      201,
    );
    await admin.must(
      'POST',
      '/stock/receipts',
      { lines: [{ productId: p.id, quantity: stock, unitCostCents: 90 }] },
      201,
    );
    return { id: p.id as number, priceCents, name };
  };
  const products: Product[] = [];
  for (let i = 0; i < counts.products; i++) products.push(await make(i, counts.stock));
  const scarce: Product[] = [];
  for (let i = 0; i < counts.scarce; i++) scarce.push(await make(counts.products + i, 40));

  const customers: Customer[] = [];
  for (let i = 0; i < counts.customers; i++) {
    // Most can owe a lot; every fourth has a small limit, so credit orders are refused (409) too.
    const creditLimitCents = i % 4 === 3 ? 30_000 : 1_000_000_000;
    const c = await admin.must(
      'POST',
      '/customers',
      { name: `Cliente ${i}`, creditLimitCents, paymentTermsDays: 30, email: `cliente${i}@stress.local` },
      201,
    );
    customers.push({ id: c.id as number, creditLimitCents });
  }
  return { admin, sales, warehouse, products, scarce, customers };
}
