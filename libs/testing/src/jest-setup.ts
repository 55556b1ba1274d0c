// Tests run in UTC so dates in assertions and receipts are deterministic.
process.env.TZ = 'UTC';
