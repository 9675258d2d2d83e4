import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors';
import { LoadConfig } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { parseInteractionsCsv } from '../../../batch/src/data/interactions-csv.ts';
import { parseOrdersCsv } from '../../../batch/src/data/orders.ts';
import { importOrders } from '../../../batch/src/jobs/orders-import.ts';
import { quietContext } from '../../../batch/src/observe/index.ts';
import { openStore } from '../../../batch/src/storage/open.ts';

const enc = (text: string) => new TextEncoder().encode(text);
const ctx = quietContext('error');

describe('parseOrdersCsv', () => {
  it('finds the columns by name and weights each line by 8 × quantity, capped', () => {
    const csv =
      'Order ID,Customer ID,SKU,Qty,Created At\n1,c1,k1,2,2026-01-01T10:00:00Z\n2,c2,k2,500,2026-01-02\n';
    const { data, report } = parseOrdersCsv(enc(csv), 'o.csv');
    expect(report.columns).toEqual({
      order: 'Order ID',
      customer: 'Customer ID',
      item: 'SKU',
      quantity: 'Qty',
      timestamp: 'Created At',
    });
    expect(data).toEqual([
      { user: 'c1', item: 'k1', weight: 16, ts: Date.parse('2026-01-01T10:00:00Z') },
      { user: 'c2', item: 'k2', weight: 80, ts: Date.parse('2026-01-02') },
    ]);
  });

  it('keeps guest lines as one shopper per order, skips returns, and reports bad lines by number', () => {
    const csv = [
      'InvoiceNo;StockCode;Quantity;InvoiceDate;CustomerID',
      '5001;k1;1;2026-03-01T08:00:00Z;',
      '5002;k2;-1;2026-03-01T08:00:00Z;c9',
      '5003;;1;2026-03-01T08:00:00Z;c9',
      '5004;k3;lots;2026-03-01T08:00:00Z;c9',
      '5005;k4;1;yesterday;c9',
      '5006;k5;1',
      '5007;k6;1;2026-03-02T08:00:00Z;c9',
    ].join('\n');
    const { data, report } = parseOrdersCsv(enc(csv), 'o.csv', { delimiter: ';' });
    expect(data.map((r) => [r.user, r.item])).toEqual([
      ['order:5001', 'k1'],
      ['c9', 'k6'],
    ]);
    expect(report).toMatchObject({
      rowsRead: 7,
      rowsKept: 2,
      rowsSkipped: 1,
      rowsBad: 4,
      returnLines: 1,
      guestLines: 1,
    });
    expect(report.badRows.map((b) => [b.line, b.reason])).toEqual([
      [4, 'empty item id'],
      [5, 'quantity "lots" is not a number'],
      [6, 'timestamp "yesterday" is not a date'],
      [7, 'expected 5 fields, got 3'],
    ]);
  });

  it('uses configured column names, and refuses a header without them as one bad row', () => {
    const csv = 'Kunde,Artikel,Menge\nc1,k1,3\n';
    const columns = { customer: 'Kunde', item: 'Artikel', quantity: 'Menge' };
    expect(parseOrdersCsv(enc(csv), 'o.csv', { columns }).data).toEqual([
      { user: 'c1', item: 'k1', weight: 24, ts: undefined },
    ]);
    const missing = parseOrdersCsv(enc(csv), 'o.csv');
    expect(missing.report.rowsBad).toBe(1);
    expect(missing.report.badRows[0]?.reason).toMatch(/header names no item column .*--item-column/);
  });
});

describe('importOrders', () => {
  it('writes an interactions CSV the pipeline loader reads back row for row', async () => {
    const src = openStore('mem://orders-in');
    await src.put(
      'orders.csv',
      enc('order_id,customer_id,sku,quantity,created_at\n1,"c, 1",k1,2,2026-01-01T00:00:00Z\n2,c2,k2,1,\n'),
    );
    const summary = await importOrders(
      {
        input: 'mem://orders-in/orders.csv',
        out: 'mem://orders-out/interactions.csv',
        columns: {},
        maxQuantity: 10,
        load: LoadConfig.parse({}),
      },
      ctx,
    );
    expect(summary).toMatchObject({ interactions: 2, users: 2, items: 2, from: '2026-01-01T00:00:00.000Z' });
    const written = await openStore('mem://orders-out').get('interactions.csv');
    const { data, report } = parseInteractionsCsv(written);
    expect(report.rowsBad).toBe(0);
    expect(data.userIds).toEqual(['c, 1', 'c2']);
    expect([...data.weights]).toEqual([16, 8]);
  });

  it('writes nothing when the bad lines are above the threshold', async () => {
    const src = new MemoryStore('orders-bad');
    await src.put('o.csv', enc('customer,sku,quantity\nc1,k1,x\nc2,k2,1\n'));
    const out = openStore('mem://orders-bad-out');
    const attempt = importOrders(
      {
        input: 'mem://orders-bad/o.csv',
        out: 'mem://orders-bad-out/i.csv',
        columns: {},
        maxQuantity: 10,
        load: LoadConfig.parse({}),
      },
      ctx,
    );
    await expect(attempt).rejects.toThrow(AppError);
    expect(await out.list()).toEqual([]);
  });
});
